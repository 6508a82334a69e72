/**
 * The controls the walk has seen, under their identity, and which to exercise next: what was
 * there before what an action revealed, fields before the button that submits them.
 */
import type { ChangeTokens } from './priority.js';
import { relevance } from './priority.js';
import { isCloser } from './dialogs.js';
import type { PageElement } from './elements.js';
import {
  displayPath,
  fieldSkipReason,
  inPageFragment,
  isControlLink,
  linkTarget,
  skipReason,
} from './rules.js';
import { FIELD_ROLES, TEXT_ROLES, quoted, type Control, type PageState } from './walk-state.js';

function roleLabel(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

/** Every control seen, each once; the ones left alone on purpose, with why. */
export class ControlBook {
  readonly controls = new Map<string, Control>();
  readonly skipped = new Map<string, string>();
  /**
   * Refs of the page as last read that are left alone whatever their identity: icon-only
   * destructive controls on items the walk did not create (see `destructiveIconReason`).
   */
  blocked = new Map<string, string>();
  /** Containers of controls whose action ran changed code: their neighbours go first. */
  private readonly hot = new Set<string>();

  constructor(private readonly tokens: ChangeTokens) {}

  /**
   * A control's identity: where it is (its containers and landmarks), its role and name. Controls
   * in a banner, navigation or footer are the same on every page; others belong to their document.
   */
  identity(page: PageState, element: PageElement): string {
    // The document, not the hash route: `#/active` shows the same controls as `#/`, and a deep
    // link a click writes into the hash (`#/pets/showPet`) is state, not a new set of controls.
    const scope = element.shared ? '(shared)' : page.key.split('#')[0];
    return `${scope}|${element.container}|${element.role}|${element.name}`;
  }

  private describe(page: PageState, element: PageElement): string {
    const where = element.dialog !== undefined ? ' in a dialog' : '';
    return `${roleLabel(element.role)} ${quoted(element.name)}${where} on ${displayPath(page.key)}`;
  }

  /** Why an element is left alone, or null. */
  private skipWhy(element: PageElement): string | null {
    if (element.role === 'link' && !isControlLink(element.url)) return skipReason(element);
    const reason = skipReason(element) ?? fieldSkipReason(element);
    if (reason) return reason;
    // An editor or field that already holds text is kept, not prefixed with junk.
    if (TEXT_ROLES.has(element.role) && element.value?.trim()) return 'kept its content';
    return null;
  }

  /** Registers the pages a page links to and the controls it offers. */
  discover(
    page: PageState,
    elements: PageElement[],
    seen: {
      here: string;
      origin: string;
      generation: number;
      /** Fragments of `#name` links that no element of the page answers to: routes. */
      fragmentRoutes?: ReadonlySet<string>;
    },
    onLink: (key: string, name: string) => void,
  ): void {
    const { here, origin } = seen;
    for (const element of elements) {
      const id = this.identity(page, element);
      const reason = this.skipWhy(element) ?? this.blocked.get(element.ref) ?? null;
      if (reason) {
        if (!this.skipped.has(id) && !this.controls.has(id)) {
          this.skipped.set(id, `${this.describe(page, element)} (skipped: ${reason})`);
        }
        continue;
      }
      const fragment = element.role === 'link' ? inPageFragment(element.url) : null;
      if (fragment !== null && !seen.fragmentRoutes?.has(fragment)) {
        // A real anchor only scrolls this page: left alone, and said so.
        if (!this.skipped.has(id)) {
          this.skipped.set(id, `${this.describe(page, element)} (skipped: an in-page anchor)`);
        }
        continue;
      }
      if (fragment === null && element.role === 'link' && !isControlLink(element.url)) {
        const target = linkTarget(element.url ?? '', here, origin);
        if (target) onLink(target, element.name);
        continue;
      }
      // A fragment route (`#Getting-started` with no such id) is a control: the app renders it.
      if (element.disabled || this.controls.has(id)) continue;
      this.controls.set(id, {
        label: this.describe(page, element),
        generation: seen.generation,
        tried: false,
      });
    }
  }

  /** Steps taken when the control was first seen (0 for one never registered). */
  generationOf(page: PageState, element: PageElement): number {
    return this.controls.get(this.identity(page, element))?.generation ?? 0;
  }

  /** Notes that acting on `element` ran changed code: controls in its container go first. */
  markHot(element: PageElement): void {
    if (element.container) this.hot.add(element.container);
  }

  /**
   * Starts a new round: every control may be tried again, in the state earlier actions left the
   * app in; those never tried at all still go first.
   */
  startRound(): void {
    for (const control of this.controls.values()) {
      if (!control.tried) continue;
      control.tried = false;
      control.triedEarlier = true;
    }
  }

  /** Marks a control exercised (or about to be), so it is not chosen again. */
  markTried(page: PageState, element: PageElement): void {
    const control = this.controls.get(this.identity(page, element));
    if (control) control.tried = true;
  }

  /**
   * The next control to exercise among `elements`: with `relevantOnly`, only those the change
   * touched. What was on the page before comes before what an action revealed (breadth-first);
   * within that, fields first, top to bottom as a person fills a form (so it is complete before
   * it is submitted), then buttons and the like, the most relevant to the change first.
   */
  nextElement(page: PageState, elements: PageElement[], relevantOnly: boolean): PageElement | null {
    const score = (e: PageElement): number => relevance(e.name, this.tokens);
    const candidates = elements.filter((e) => {
      const control = this.controls.get(this.identity(page, e));
      return (
        control !== undefined &&
        !control.tried &&
        !e.disabled &&
        !this.blocked.has(e.ref) &&
        (!relevantOnly || score(e) > 0)
      );
    });
    const generation = (e: PageElement): number => this.generationOf(page, e);
    const isField = (e: PageElement): boolean => FIELD_ROLES.has(e.role);
    const earlier = (e: PageElement): boolean =>
      this.controls.get(this.identity(page, e))?.triedEarlier === true;
    const hot = (e: PageElement): boolean => this.hot.has(e.container);
    candidates.sort((a, b) => {
      // A control never tried (one an earlier action revealed) before one tried in another state.
      if (earlier(a) !== earlier(b)) return earlier(a) ? 1 : -1;
      if (hot(a) !== hot(b)) return hot(a) ? -1 : 1;
      if (generation(a) !== generation(b)) return generation(a) - generation(b);
      // Collapsing a panel hides its controls, "Cancel" abandons what was just started: open
      // and carry things through first, collapse and cancel them last.
      const last = (e: PageElement): boolean => !!e.expanded || isCloser(e);
      if (last(a) !== last(b)) return last(a) ? 1 : -1;
      if (isField(a) !== isField(b)) return isField(a) ? -1 : 1;
      if (isField(a)) return a.order - b.order;
      return score(b) - score(a) || a.order - b.order;
    });
    return candidates[0] ?? null;
  }

  /** A form's fields are filled before its relevant button is pressed. */
  fieldsFirst(page: PageState, chosen: PageElement, elements: PageElement[]): PageElement {
    if (FIELD_ROLES.has(chosen.role)) return chosen;
    const field = elements.find(
      (e) =>
        FIELD_ROLES.has(e.role) &&
        !e.disabled &&
        e.container === chosen.container &&
        this.controls.get(this.identity(page, e))?.tried === false,
    );
    return field ?? chosen;
  }
}
