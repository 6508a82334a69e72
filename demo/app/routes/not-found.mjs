import { html } from '../html.mjs';
import { layout } from '../components/layout.mjs';

/** The 404 page. */
export function notFoundPage() {
  return layout({
    title: 'Page not found',
    current: null,
    body: html`<section class="panel">
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have moved, or the link was mistyped.</p>
      <p><a class="button" href="/">Back to the start</a></p>
    </section>`,
  });
}
