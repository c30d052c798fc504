import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { TAB_EVENTS_PORT } from '../lib/ports';
import { RapportApp } from '../ui/RapportApp';

/**
 * The side panel shows the contact for the current tab and follows the person as they switch tabs or navigate:
 * tab activation from the tabs API, in-page navigation from the background (which hears it from content scripts).
 */
function SidePanel() {
  const [tabId, setTabId] = useState<number>();
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    const current = async () => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      setTabId(tab?.id);
      setRevision((r) => r + 1);
    };
    void current();
    const onActivated = () => void current();
    browser.tabs.onActivated.addListener(onActivated);
    const port = browser.runtime.connect({ name: TAB_EVENTS_PORT });
    port.onMessage.addListener(() => void current());
    return () => {
      browser.tabs.onActivated.removeListener(onActivated);
      port.disconnect();
    };
  }, []);
  return <RapportApp key={`${tabId}:${revision}`} tabId={tabId} />;
}

const app = document.getElementById('app');
if (app) render(<SidePanel />, app);
