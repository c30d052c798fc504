import { describe, expect, it } from 'vitest';
import { firefoxManifest } from '../../manifest.firefox';
import manifest from '../../manifest.json' with { type: 'json' };

describe('the manifest asks for as little as it can', () => {
  it('runs content scripts on the three sites only, and on nothing else', () => {
    const matches = manifest.content_scripts.flatMap((script) => script.matches);
    for (const pattern of matches)
      expect(pattern).toMatch(/^https:\/\/(\*\.)?(linkedin\.com|x\.com|twitter\.com|facebook\.com)\/\*$/);
    expect(matches).not.toContain('<all_urls>');
  });

  it('holds no host permission at install: a sync server origin is asked for at run time', () => {
    expect(manifest).not.toHaveProperty('host_permissions');
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*']);
    expect([...manifest.permissions].sort()).toEqual(['alarms', 'notifications', 'sidePanel', 'storage']);
  });

  it('exposes no web-accessible resource for sites to probe', () => {
    expect(manifest).not.toHaveProperty('web_accessible_resources');
  });

  it('becomes a Firefox manifest with an event page and a sidebar instead of a side panel', () => {
    const firefox = firefoxManifest(manifest) as unknown as Record<string, unknown>;
    expect(firefox.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(firefox.sidebar_action).toMatchObject({ default_panel: 'src/sidepanel/index.html' });
    expect(firefox.permissions).not.toContain('sidePanel');
    expect(firefox).not.toHaveProperty('side_panel');
    expect(firefox).toHaveProperty('browser_specific_settings.gecko.id');
  });
});
