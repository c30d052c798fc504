/** One stylesheet shared by every badge's shadow root (adopted, not copied), so a feed of 300 posts parses it once. */
const BADGE_CSS = `
:host { all: initial; display: inline-block; vertical-align: middle; margin-left: 4px; }
button { all: initial; cursor: pointer; font: 600 11px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  border-radius: 999px; padding: 0 6px; display: inline-block; white-space: nowrap; }
button.known { color: #fff; background: var(--colour, #57606a); }
button.unknown { color: #0a66c2; border: 1px solid #0a66c2; padding: 0 5px; opacity: .35; transition: opacity .12s; }
button.unknown:hover, button.unknown:focus-visible { opacity: 1; }
button.maybe { color: #9a5b00; border: 1px dashed #9a5b00; padding: 0 5px; }
button:focus-visible { outline: 2px solid #0a66c2; outline-offset: 1px; }
`;

let sheet: CSSStyleSheet | undefined;

export function badgeSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(BADGE_CSS);
  }
  return sheet;
}
