import { render } from 'preact';
import browser from 'webextension-polyfill';
import { RapportApp } from '../ui/RapportApp';

/**
 * The toolbar popup. `?tab=<id>` shows a given tab (the popup opened as a page of its own, e.g. from a test or a
 * bookmark) and `?contact=<id>` opens a contact (a reminder notification links here).
 */
async function start() {
  const params = new URLSearchParams(location.search);
  const asked = Number(params.get('tab'));
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  const tabId = Number.isInteger(asked) && asked > 0 ? asked : active?.id;
  const app = document.getElementById('app');
  if (app) render(<RapportApp tabId={tabId} initialContactId={params.get('contact') ?? undefined} />, app);
}

void start();
