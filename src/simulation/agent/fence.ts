/**
 * Untrusted text (the PR's title, body and diff, everything the page shows, console and network
 * output) reaches the model only inside a fence: `<tag>` … `</tag>`. Any opening or closing tag
 * of the same name inside the text is defused, so the text cannot close its fence early and speak
 * as the harness (a PR body holding `</change>` followed by an instruction stays inside).
 */

/** `content` inside `<tag>` … `</tag>`, with every look-alike of that tag inside it defused. */
export function fence(tag: string, content: string): string {
  // `<`, optional spaces and slash, the tag name, then anything but a letter: `</change >`,
  // `< /CHANGE>`, `<change_x` is left alone.
  const lookalike = new RegExp(`<(\\s*/?\\s*)(${tag})(?![a-z0-9_-])`, 'gi');
  const safe = content.replace(lookalike, '&lt;$1$2');
  return `<${tag}>\n${safe}\n</${tag}>`;
}
