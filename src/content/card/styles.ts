/**
 * The card's whole stylesheet. It lives inside a closed shadow root, and `:host { all: initial }` resets what the
 * host page's CSS would otherwise leak in through inheritance.
 */
export const CARD_CSS = `
:host { all: initial; }
.card {
  position: fixed; top: 72px; right: 16px; z-index: 2147483646; width: 300px; box-sizing: border-box;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2226;
  background: #fff; border: 1px solid #d0d7de; border-radius: 10px; box-shadow: 0 6px 24px rgba(0,0,0,.18);
  padding: 12px 14px; text-align: left; overflow-wrap: anywhere;
}
.head { display: flex; align-items: center; gap: 8px; margin-bottom: 6px; }
.brand { font-weight: 700; font-size: 11px; letter-spacing: .04em; text-transform: uppercase; color: #57606a; }
.close { margin-left: auto; border: 0; background: none; cursor: pointer; font-size: 16px; color: #57606a; padding: 0 4px; }
.name { font-size: 15px; font-weight: 600; margin: 0 0 4px; }
.status { color: #57606a; margin: 0 0 8px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; color: #fff; font-size: 12px; font-weight: 600; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 8px 0; }
dt { color: #57606a; }
dd { margin: 0; }
.notes { white-space: pre-wrap; max-height: 6em; overflow: auto; color: #1d2226; background: #f6f8fa; padding: 6px; border-radius: 6px; }
button.primary { background: #0a66c2; color: #fff; border: 0; border-radius: 999px; padding: 6px 14px; font: inherit; font-weight: 600; cursor: pointer; }
button.primary:disabled { opacity: .6; cursor: default; }
button.secondary { background: #fff; color: #0a66c2; border: 1px solid #0a66c2; border-radius: 999px; padding: 5px 12px; font: inherit; cursor: pointer; }
.error { color: #b42318; margin: 6px 0 0; }
.conversation { list-style: none; margin: 4px 0 8px; padding: 0; max-height: 10em; overflow: auto; }
.conversation li { padding: 3px 0; border-top: 1px solid #eaeef2; }
.conversation .who { display: block; color: #57606a; font-size: 11px; }
.conversation a { color: #0a66c2; text-decoration: none; }
form { display: grid; gap: 6px; margin-top: 8px; }
select, input, textarea { font: inherit; padding: 4px 6px; border: 1px solid #d0d7de; border-radius: 6px; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
.actions.choice button { white-space: nowrap; }
`;
