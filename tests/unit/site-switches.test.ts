import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sender } from '../../src/background/router';
import { fromSwitchedOffSite } from '../../src/background/site-switches';

const sites = { linkedin: true, x: false, facebook: true };
vi.mock('../../src/background/settings', () => ({ getSettings: async () => ({ sites, ownerName: '' }) }));

const fromTab = (url: string): Sender => ({ id: 'rapport-id', url, tab: { id: 3 } as Sender['tab'] });

describe('messages from a switched-off site', () => {
  beforeEach(() => {
    Object.assign(sites, { linkedin: true, x: false, facebook: true });
  });

  it.each([
    ['https://x.com/home', true],
    ['https://mobile.twitter.com/JaneDoeBuys', true],
    ['https://www.linkedin.com/in/jane-doe-4a1b2c/', false],
    ['https://web.facebook.com/jane.roe.52', false],
  ])('are told apart by the page they come from: %s → %s', async (url, off) => {
    expect(await fromSwitchedOffSite(fromTab(url))).toBe(off);
  });

  it('follow the switch as it changes', async () => {
    sites.linkedin = false;
    expect(await fromSwitchedOffSite(fromTab('https://de.linkedin.com/in/juergen/'))).toBe(true);
  });

  it("never include Rapport's own pages or an address that is not a site's", async () => {
    expect(await fromSwitchedOffSite({ id: 'rapport-id', url: 'chrome-extension://rapport-id/popup.html' })).toBe(
      false,
    );
    expect(await fromSwitchedOffSite(fromTab('not a url'))).toBe(false);
    expect(await fromSwitchedOffSite(fromTab('https://x.com.evil.example/home'))).toBe(false);
  });
});
