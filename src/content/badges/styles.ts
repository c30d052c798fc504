/**
 * A badge is a fixed 16 px circle with size, layout and style containment: whatever it shows later (colour, letter, "+",
 * or nothing) changes nothing outside it, so a feed of 300 posts is laid out once, not once more when the answers arrive.
 */
const BADGE_CSS = `
:host { all: initial; display: inline-block; width: 16px; height: 16px; margin-left: 4px; vertical-align: middle; contain: size layout style; }
button { all: initial; box-sizing: border-box; cursor: pointer; display: block; position: absolute; top: 0; left: 0; width: 16px; height: 16px; border-radius: 50%;
  font: 700 10px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: center; color: #fff; }
button[hidden] { display: block; visibility: hidden; }
button.known { background: var(--colour, #57606a); }
button.unknown { color: #0a66c2; border: 1px solid #0a66c2; line-height: 14px; opacity: .35; transition: opacity .12s; }
button.unknown:hover, button.unknown:focus-visible { opacity: 1; }
button.maybe { color: #9a5b00; border: 1px dashed #9a5b00; line-height: 14px; }
button:focus-visible { outline: 2px solid #0a66c2; outline-offset: 1px; }
`;

let sheet: CSSStyleSheet | undefined;

/** One stylesheet shared by every badge's shadow root (adopted, not copied), so a feed of 300 posts parses it once. */
export function badgeSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(BADGE_CSS);
  }
  return sheet;
}
