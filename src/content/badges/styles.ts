/**
 * A badge is a fixed 16 px box with size, layout and style containment: whatever it shows later (colour, letter, "+",
 * or nothing) changes nothing outside it, so a feed of 300 posts is laid out once, not once more when the answers arrive.
 *
 * The box comes from one rule in the page's document: every author gets an empty badge that only keeps its room, and
 * most never show anything (strangers, until pointed at), so they get no shadow root, sheet or button of their own.
 * A badge that shows something gets those, with the same box as `:host` in case the page drops the document's rule.
 */
const ROOM = `display: inline-block !important; width: 16px !important; height: 16px !important; margin: 0 0 0 4px !important;
  padding: 0 !important; border: 0 !important; vertical-align: middle !important; contain: size layout style !important;
  position: relative !important; visibility: inherit !important;`;

const ROOM_CSS = `rapport-badge { all: initial !important; ${ROOM} }`;

const BADGE_CSS = `
:host { all: initial; ${ROOM.replaceAll(' !important', '')} }
button { all: initial; box-sizing: border-box; cursor: pointer; display: block; position: absolute; top: 0; left: 0; width: 16px; height: 16px; border-radius: 50%;
  font: 700 10px/16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; text-align: center; color: #fff; }
button.known { background: var(--colour, #57606a); }
button.unknown { color: #0a66c2; border: 1px solid #0a66c2; line-height: 14px; opacity: .35; transition: opacity .12s; }
button.unknown:hover, button.unknown:focus-visible { opacity: 1; }
button.maybe { color: #9a5b00; border: 1px dashed #9a5b00; line-height: 14px; }
button.maybe.claimed { color: var(--colour); border-color: var(--colour); }
button:focus-visible { outline: 2px solid #0a66c2; outline-offset: 1px; }
`;

let sheet: CSSStyleSheet | undefined;
let roomIn: Document | undefined;

/** One stylesheet shared by every shown badge's shadow root (adopted, not copied), parsed once per page. */
export function badgeSheet(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(BADGE_CSS);
  }
  return sheet;
}

/** Gives every badge on the page its box, once per document, with a sheet adopted next to the page's own. */
export function keepBadgeRoom(doc: Document): void {
  if (roomIn === doc) return;
  roomIn = doc;
  const room = new CSSStyleSheet();
  room.replaceSync(ROOM_CSS);
  doc.adoptedStyleSheets = [...(doc.adoptedStyleSheets ?? []), room];
}
