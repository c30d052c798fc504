import { render } from 'preact';
import { accountClaimOf, asCompany } from '../../lib/account-claim';
import { mayBeAccount } from '../../lib/account-filter';
import type { LookupResult, PossibleDuplicates, ResponseOf, SaveMode } from '../../lib/messages';
import { ask } from '../../lib/messaging-client';
import { lookupKeysOf } from '../../lib/profile-keys';
import type { ProfileRef } from '../../lib/profile-ref';
import { Card, type CardState, type ClaimedAccount } from './Card';
import { ensureAttached, mountShadow } from './mount';

/** What the page's first message brought for the profile its URL names. */
type EarlyAnswer = Pick<ResponseOf<'pageStart'>, 'results' | 'accountNames'>;

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
  private early?: {
    keys: readonly string[];
    answer: Promise<EarlyAnswer>;
    settled?: EarlyAnswer;
  };

  /** `enabled` settles whether this site is switched on: nothing is asked or painted before it says so. */
  constructor(private readonly enabled: Promise<boolean>) {}

  async show(profile: ProfileRef): Promise<void> {
    const sameKey = this.profile?.profileKey === profile.profileKey;
    this.profile = profile;
    if (sameKey) {
      this.paint();
      return;
    }
    this.generation++;
    this.state = { status: 'loading' };
    const answer = this.refresh();
    if (await this.enabled) this.paintLoadingNextFrame();
    await answer;
  }

  /**
   * "Looking up…" is painted in the next frame's callbacks, not now: that frame shows it all the same, and an answer
   * already on its way (the page's first, asked while it loaded) paints the card once instead of twice.
   */
  private paintLoadingNextFrame(): void {
    const generation = this.generation;
    requestAnimationFrame(() => {
      if (generation === this.generation && this.state.status === 'loading') this.paint();
    });
  }

  /**
   * The answer for the keys a profile URL implies, asked while the page is still loading so that it is there by the
   * time the page is parsed. Used once, by the first `show` whose keys it covers.
   */
  prefetched(keys: readonly string[], answer: Promise<EarlyAnswer>): void {
    const early: NonNullable<typeof this.early> = { keys, answer };
    early.answer.then(
      (answer) => {
        early.settled = answer;
      },
      () => {},
    );
    this.early = early;
  }

  /** Looks the current profile up (again, when data changed elsewhere: popup, side panel, another tab). */
  async refresh(): Promise<void> {
    const profile = this.profile;
    if (!profile) return;
    const generation = this.generation;
    try {
      // A company's account may exist by name only (made when a lead there was saved): asked for as a person's
      // company is, and offered to be linked to the company's page or profile.
      const claim = accountClaimOf(profile);
      const keys = lookupKeysOf(profile);
      // A site switched off is asked nothing about anyone. The first answer says whether it is on, and the
      // early lookup comes with that answer, so waiting for it first costs nothing.
      if (!(await this.enabled)) return;
      const { results, accounts } = await this.lookup(keys, claim?.name);
      if (generation !== this.generation) return;
      const found = keys.map((key) => results[key]).find(Boolean) ?? null;
      const context = claim && accounts[claim.name];
      this.update(found, claim && context ? { ...claim, context } : undefined);
    } catch (error) {
      if (generation === this.generation) this.fail(error);
    }
  }

  /**
   * The prefetched answer when it covers these keys, else a new ask. A company's account is shown only with people
   * not known themselves: for a stranger, the early answer's filter of account names says whether their company may
   * be one, and only then is the account asked for. Not before: on a page whose profile came with its HTML, a
   * message sent while the early answer is on its way delays that answer (measured: bench/card.ts).
   */
  private async lookup(keys: string[], company: string | undefined): Promise<ResponseOf<'lookup'>> {
    const early = this.early;
    this.early = undefined;
    const full = (asked: string[] = keys) =>
      ask<'lookup'>({ type: 'lookup', keys: asked, companies: company ? [company] : [] });
    if (!early || !keys.every((key) => early.keys.includes(key))) return full();
    const answer = early.settled ?? (await early.answer.catch(() => undefined));
    if (!answer) return full();
    const { results, accountNames } = answer;
    if (!company || keys.some((key) => results[key])) return { results, accounts: {} };
    if (accountNames !== undefined && !mayBeAccount(accountNames, company)) return { results, accounts: {} };
    const { accounts } = await full([]);
    return { results, accounts };
  }

  hide(): void {
    this.profile = undefined;
    this.generation++;
    if (this.shadow) render(null, this.shadow.root);
    this.shadow?.host.remove();
    this.shadow = undefined;
  }

  private update(result: LookupResult, claimedAccount?: ClaimedAccount, duplicates?: PossibleDuplicates): void {
    this.state = { status: 'ready', result, claimedAccount, duplicates };
    this.paint();
  }

  private fail(error: unknown): void {
    this.state = { status: 'error', message: error instanceof Error ? error.message : String(error) };
    this.paint();
  }

  private async save(profile: ProfileRef, mode: SaveMode): Promise<void> {
    const saved = await ask<'saveLead'>({ type: 'saveLead', profile, mode });
    if (this.profile?.profileKey !== profile.profileKey) return;
    const claimedAccount = this.state.status === 'ready' ? this.state.claimedAccount : undefined;
    if (saved.kind === 'possibleDuplicates') this.update(null, claimedAccount, saved);
    else this.update(saved);
  }

  private paint(): void {
    const profile = this.profile;
    if (!profile || this.dismissedKey === profile.profileKey) return;
    this.shadow ??= mountShadow('rapport-card');
    ensureAttached(this.shadow.host);
    // The one fact the card shows outside its closed root: whether it has its answer (benchmarks time this).
    this.shadow.host.dataset.rapportState = this.state.status;
    render(
      <Card
        profile={profile}
        state={this.state}
        onSave={(mode) => this.save(profile, mode)}
        onSaveAsAccount={() => this.save(asCompany(profile), 'auto')}
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
