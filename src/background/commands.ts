import { nativeApi as browser } from '../lib/native-api';

/**
 * Keyboard commands beyond opening the popup (`_execute_action`, which focuses "Log interaction" or "Save lead"):
 * `open-side-panel` opens Chrome's side panel, or Firefox's sidebar, on the current window.
 */
export function listenForCommands(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'open-side-panel') return;
    const side = (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel;
    if (side && tab?.windowId !== undefined) void side.open({ windowId: tab.windowId });
    else void (browser as unknown as { sidebarAction?: { open(): Promise<void> } }).sidebarAction?.open();
  });
}
