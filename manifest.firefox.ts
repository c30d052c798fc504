import type { ManifestV3Export } from '@crxjs/vite-plugin';

type Manifest = Record<string, unknown> & { permissions?: string[]; background?: Record<string, unknown> };

/**
 * Firefox's MV3 differs from Chrome's in three places Rapport touches: the background is an event page
 * (`background.scripts`), there is no side panel (a sidebar instead), and an add-on needs an id. Everything else —
 * content scripts, popup, options, commands, optional host permissions — is the same manifest.
 */
export function firefoxManifest(chrome: Manifest): ManifestV3Export {
  const {
    side_panel: sidePanel,
    minimum_chrome_version: _minimum,
    background,
    ...rest
  } = chrome as Manifest & {
    side_panel?: { default_path: string };
    minimum_chrome_version?: string;
  };
  return {
    ...rest,
    permissions: (chrome.permissions ?? []).filter((permission) => permission !== 'sidePanel'),
    background: { scripts: [String(background?.service_worker)], type: 'module' },
    sidebar_action: { default_panel: sidePanel?.default_path, default_title: 'Rapport' },
    browser_specific_settings: { gecko: { id: 'rapport@rapport.example', strict_min_version: '128.0' } },
  } as unknown as ManifestV3Export;
}
