import { describe, expect, it } from 'vitest';
import { interactiveElements, parseSnapshot } from '../../../src/simulation/explore/index.js';

// Recorded from Chromium 156 with playwright-core 1.65 (`page.ariaSnapshot({ mode: 'ai' })`).
const SNAPSHOT = `- generic [active] [ref=e1]:
  - banner [ref=e2]:
    - navigation "Main" [ref=e3]:
      - link "Home" [ref=e4] [cursor=pointer]:
        - /url: /
      - link "Favourites" [ref=e5] [cursor=pointer]:
        - /url: /favorites?x=1
  - main [ref=e7]:
    - heading "Title" [level=1] [ref=e8]
    - generic [ref=e9]:
      - generic [ref=e10]:
        - text: Title
        - textbox "Title" [ref=e11]: "hello: world"
      - generic [ref=e12]:
        - text: Email
        - textbox "Email" [ref=e13]:
          - /placeholder: you@x
      - spinbutton "Qty" [ref=e15]
      - generic [ref=e17]:
        - checkbox "Digest" [checked] [ref=e18]
        - text: Digest
      - combobox "Theme" [ref=e20]:
        - option "Light"
        - option "Dark" [selected]
      - radio "A" [ref=e22]
      - 'button "Save: now" [ref=f2e23]'
      - 'button "#1 [x] {y}" [ref=e24]'
      - button "Mixed 'single'" [ref=e25]
      - button "Nope" [disabled] [ref=e26]
      - button [ref=e27]
    - status [ref=e30]: Saved
    - link "Ext \\"quoted\\"" [ref=e32] [cursor=pointer]:
      - /url: https://example.com/x`;

describe('parseSnapshot', () => {
  it('builds the tree with roles, names, attributes, values and properties', () => {
    const [root] = parseSnapshot(SNAPSHOT);
    expect(root?.role).toBe('generic');
    expect(root?.attributes).toEqual({ active: true, ref: 'e1' });
    const main = root?.children[1];
    expect(main?.role).toBe('main');
    expect(main?.children[0]).toMatchObject({
      role: 'heading',
      name: 'Title',
      attributes: { level: '1', ref: 'e8' },
    });
    expect(main?.children[2]?.role).toBe('status');
    expect(main?.children[2]?.value).toBe('Saved');
  });
});

describe('interactiveElements', () => {
  const elements = interactiveElements(SNAPSHOT);
  const byRef = (ref: string) => elements.find((e) => e.ref === ref);

  it('lists links, fields and buttons in document order, with their state', () => {
    expect(elements.map((e) => `${e.role}:${e.name}`)).toEqual([
      'link:Home',
      'link:Favourites',
      'textbox:Title',
      'textbox:Email',
      'spinbutton:Qty',
      'checkbox:Digest',
      'combobox:Theme',
      'radio:A',
      'button:Save: now',
      'button:#1 [x] {y}',
      "button:Mixed 'single'",
      'button:Nope',
      'button:',
      'link:Ext "quoted"',
    ]);
    expect(byRef('e5')?.url).toBe('/favorites?x=1');
    expect(byRef('e11')?.value).toBe('hello: world');
    expect(byRef('e13')?.placeholder).toBe('you@x');
    expect(byRef('e18')?.checked).toBe(true);
    expect(byRef('e22')?.checked).toBe(false);
    expect(byRef('e20')?.options).toEqual([
      { name: 'Light', selected: false },
      { name: 'Dark', selected: true },
    ]);
    expect(byRef('e26')?.disabled).toBe(true);
    expect(byRef('f2e23')?.name).toBe('Save: now');
    expect(byRef('e32')?.url).toBe('https://example.com/x');
  });

  it('answers nothing for text that is not a snapshot', () => {
    expect(interactiveElements('(snapshot unavailable: page closed)')).toEqual([]);
  });
});
