/** Marks our toolbar's host element in the webmail's DOM. */
export const TOOLBAR_HOST_ATTRIBUTE = 'data-smartlinks-toolbar';

/**
 * Set by a client whose toolbar row sits below the body (Gmail's bottom bar): the warnings then
 * open above the row instead of growing it, so that Send does not move as they appear.
 */
export const WARNINGS_ABOVE_ATTRIBUTE = 'data-smartlinks-warnings-above';

/** The toolbar's styles, scoped by its shadow root. */
export const TOOLBAR_CSS = `
:host { all: initial; display: inline-block; vertical-align: middle; font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2328; }
.toolbar { display: flex; flex-direction: column; gap: 4px; padding: 2px 4px; }
.row { display: flex; align-items: center; gap: 6px; flex-wrap: wrap; }
button, select { font: inherit; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: inherit; padding: 3px 8px; cursor: pointer; }
button:focus-visible, select:focus-visible, input:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
.menu-anchor { position: relative; }
.menu { position: absolute; bottom: calc(100% + 4px); left: 0; z-index: 2147483647; display: flex; flex-direction: column; min-width: 190px; background: #fff; border: 1px solid #8c959f; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.18); padding: 4px; }
.menu.below { bottom: auto; top: calc(100% + 4px); }
.menu button { border: 0; text-align: left; border-radius: 4px; padding: 6px 10px; }
.menu button:hover, .menu button:focus { background: #ddf4ff; }
.switch { display: inline-flex; align-items: center; gap: 6px; }
.knob { width: 26px; height: 14px; border-radius: 7px; background: #8c959f; position: relative; }
.knob::after { content: ''; position: absolute; top: 2px; left: 2px; width: 10px; height: 10px; border-radius: 50%; background: #fff; }
.switch[aria-checked='true'] .knob { background: #1f883d; }
.switch[aria-checked='true'] .knob::after { left: 14px; }
select:disabled { opacity: .5; }
.merge { display: inline-flex; align-items: center; gap: 4px; }
.warnings { display: flex; flex-direction: column; gap: 4px; max-width: 560px; }
.banner { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 4px 8px; display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.banner ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 8px; }
.why { color: #57606a; }
.held { margin: 0; background: #ffebe9; color: #a40e26; border: 1px solid #ff8182; border-radius: 6px; padding: 4px 8px; }
.note { margin: 0; color: #57606a; }
:host([${WARNINGS_ABOVE_ATTRIBUTE}]) .toolbar { position: relative; }
:host([${WARNINGS_ABOVE_ATTRIBUTE}]) .warnings { position: absolute; bottom: calc(100% + 6px); left: 0; z-index: 2147483646; width: max-content; max-width: 400px; background: #fff; border-radius: 8px; box-shadow: 0 2px 10px rgba(0,0,0,.18); padding: 4px; }
`;
