import { render } from 'preact';
import type { LookupResult } from '../../lib/messages';
import { ask } from '../../lib/messaging-client';
import type { ProfileRef } from '../../lib/profile-ref';
import { Card, type CardState } from './Card';
import { ensureAttached, mountShadow } from './mount';

/**
 * The context card for the profile a page is about. One instance per page; `show` is called again after every
 * in-page navigation, and a stale answer for a previous profile is never shown over the current one.
 */
export class ProfileCard {
  private shadow?: { host: HTMLElement; root: ShadowRoot };
  private profile?: ProfileRef;
  private state: CardState = { status: 'loading' };
  private dismissedKey?: string;
  private generation = 0;

  async show(profile: ProfileRef): Promise<void> {
    const sameKey = this.profile?.profileKey === profile.profileKey;
    this.profile = profile;
    if (sameKey) {
      this.paint();
      return;
    }
    const generation = ++this.generation;
    this.state = { status: 'loading' };
    this.paint();
    try {
      const { results } = await ask<'lookup'>({ type: 'lookup', keys: [profile.profileKey] });
      if (generation === this.generation) this.update(results[profile.profileKey] ?? null);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  /** Data changed elsewhere (popup, side panel, another tab): look the current profile up again. */
  async refresh(): Promise<void> {
    const profile = this.profile;
    if (!profile) return;
    const generation = this.generation;
    try {
      const { results } = await ask<'lookup'>({ type: 'lookup', keys: [profile.profileKey] });
      if (generation === this.generation) this.update(results[profile.profileKey] ?? null);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  hide(): void {
    this.profile = undefined;
    this.generation++;
    if (this.shadow) render(null, this.shadow.root);
    this.shadow?.host.remove();
    this.shadow = undefined;
  }

  private update(result: LookupResult): void {
    this.state = { status: 'ready', result };
    this.paint();
  }

  private fail(error: unknown): void {
    this.state = { status: 'error', message: error instanceof Error ? error.message : String(error) };
    this.paint();
  }

  private paint(): void {
    const profile = this.profile;
    if (!profile || this.dismissedKey === profile.profileKey) return;
    this.shadow ??= mountShadow('rapport-card');
    ensureAttached(this.shadow.host);
    render(
      <Card
        profile={profile}
        state={this.state}
        onSave={async () => {
          const context = await ask<'saveLead'>({ type: 'saveLead', profile });
          if (this.profile?.profileKey === profile.profileKey) this.update(context);
        }}
        onLog={async (entry, contactId) => {
          const context = await ask<'logInteraction'>({
            type: 'logInteraction',
            interaction: { ...entry, contactId, channel: profile.network },
          });
          if (this.profile?.profileKey === profile.profileKey) this.update(context);
        }}
        onClose={() => {
          this.dismissedKey = profile.profileKey;
          this.hide();
        }}
      />,
      this.shadow.root,
    );
  }
}
