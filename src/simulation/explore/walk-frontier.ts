/** The pages the walk discovered, and which one to go to next. */
import { relevance, type ChangeTokens } from './priority.js';
import { displayPath, pageTemplate } from './rules.js';
import type { PageState } from './walk-state.js';

/** Every page discovered, in discovery order, each scored by relevance to the change. */
export class Frontier {
  readonly pages = new Map<string, PageState>();

  constructor(private readonly tokens: ChangeTokens) {}

  /** Registers a page (or raises its score when a more relevant link leads there). */
  discoverPage(key: string, linkName: string): PageState {
    const score = relevance(`${displayPath(key)} ${linkName}`, this.tokens);
    const existing = this.pages.get(key);
    if (existing) {
      existing.score = Math.max(existing.score, score);
      return existing;
    }
    const page: PageState = {
      key,
      score,
      order: this.pages.size,
      template: pageTemplate(key),
      visited: false,
      done: false,
      scrolled: false,
    };
    this.pages.set(key, page);
    return page;
  }

  /**
   * The next page to go to: with `relevantOnly`, only unvisited pages the change touched. A new
   * kind of page before another of a kind already seen (one note page says most of what the next
   * one would), then the most relevant to the change, then the first discovered.
   */
  nextPage(relevantOnly: boolean): PageState | null {
    const seenTemplates = new Set(
      [...this.pages.values()].filter((p) => p.visited).map((p) => p.template),
    );
    const novelty = (page: PageState): number =>
      !page.visited && seenTemplates.has(page.template) ? 1 : 0;
    // Only a new kind of page the change touched may interrupt the page at hand.
    const candidates = [...this.pages.values()].filter(
      (page) =>
        !page.done && (!relevantOnly || (page.score > 0 && novelty(page) === 0 && !page.visited)),
    );
    candidates.sort((a, b) => novelty(a) - novelty(b) || b.score - a.score || a.order - b.order);
    return candidates[0] ?? null;
  }
}
