import type { AccountContext, LookupResult, PossibleDuplicates, SaveMode } from '../../lib/messages';
import type { ProfileRef } from '../../lib/profile-ref';
import { counted, label, linkToLabel, relationshipColour, relativeTime } from '../../ui/format';
import type { AuthorNode } from '../sites/types';
import { badgeSheet } from './styles';

export type BadgeState =
  | { kind: 'result'; result: LookupResult }
  | { kind: 'duplicates'; duplicates: PossibleDuplicates }
  /** A stranger named like an account, on a network where a company's profile looks like a person's. */
  | { kind: 'claimed'; account: AccountContext };

/** What a badge's click does: save the author (as `SaveMode` says), or link them to the account of their name. */
export type BadgeAction = SaveMode | 'linkAccount';

/** What the tooltip says about a known author: relationship, account, owner and last interaction. */
export function describe(result: NonNullable<LookupResult>): string {
  if (result.kind === 'account') {
    const { account, contactCount } = result;
    return [
      `${label(account.relationship)} account`,
      account.name,
      account.owner && `Owned by ${account.owner}`,
      counted(contactCount, 'contact'),
    ]
      .filter(Boolean)
      .join(' · ');
  }
  const { contact, account, lastInteraction, openTasks } = result;
  return [
    label(account?.relationship ?? contact.relationship),
    account?.name ?? contact.company,
    (contact.owner ?? account?.owner) && `Owned by ${contact.owner ?? account?.owner}`,
    lastInteraction
      ? `Last: ${label(lastInteraction.type)} ${relativeTime(lastInteraction.occurredAt)}`
      : 'No interaction yet',
    openTasks.length ? counted(openTasks.length, 'open follow-up') : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * One badge next to one author name. Until it shows something it is an empty element that keeps its room (see
 * styles.ts); then it gets a closed shadow root with one button, built with DOM calls and textContent only: page
 * text never becomes markup. Clicks stay inside the badge (the name it follows is often a link).
 */
export class BadgeView {
  readonly host: HTMLElement;
  private root?: ShadowRoot;
  private button?: HTMLButtonElement;
  /** Shows something (a known person's badge, or the "+" once pointed at); until then it only keeps its room. */
  revealed = false;
  /** Shows a stranger's "+", which goes again when the pointer or focus leaves them. */
  private concealable = false;
  /** What a click does: save the stranger, link them to the one contact or the account they look like, or nothing. */
  private onClick?: BadgeAction;

  constructor(
    private readonly author: AuthorNode,
    private readonly anchor: Element,
    private readonly onSave: (view: BadgeView, action: BadgeAction) => void,
  ) {
    this.host = document.createElement('rapport-badge');
  }

  get profileKey(): string {
    return this.author.profileKey;
  }

  /** The author's whole profile, read from the page the first time it is needed (a label, a save). */
  get profile(): ProfileRef {
    return this.author.profile;
  }

  /** The name the page shows for the author, read the first time it is needed. */
  get shownName(): string | undefined {
    return this.author.name;
  }

  /** The badge's button, made the first time it shows something. */
  private shown(): HTMLButtonElement {
    if (this.button) {
      if (!this.button.isConnected) this.root?.append(this.button);
      return this.button;
    }
    const root = this.host.attachShadow({ mode: 'closed' });
    this.root = root;
    root.adoptedStyleSheets = [badgeSheet()];
    const button = document.createElement('button');
    button.type = 'button';
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (this.onClick) this.onSave(this, this.onClick);
    });
    root.append(button);
    this.button = button;
    return button;
  }

  /** Inserts the badge after its author's name, if the name is still on the page. */
  mount(): void {
    if (!this.host.isConnected && this.anchor.isConnected) this.anchor.after(this.host);
  }

  get anchorConnected(): boolean {
    return this.anchor.isConnected;
  }

  /**
   * Who the badge names: a known person or company by the name Rapport stores for them, so painting a timeline's
   * known authors reads nothing more from the page; anyone else by what the page shows.
   */
  private nameFor(state: BadgeState): string {
    if (state.kind === 'result' && state.result) {
      return state.result.kind === 'account' ? state.result.account.name : state.result.contact.name;
    }
    return this.shownName ?? this.profile.handle ?? 'this person';
  }

  render(state: BadgeState): void {
    this.revealed = true;
    this.concealable = state.kind === 'result' && !state.result;
    const name = this.nameFor(state);
    const button = this.shown();
    if (state.kind === 'duplicates') {
      // One contact they look like: a click links them. Several: which one is for the card on their profile.
      const [only, ...others] = state.duplicates.candidates;
      const linkTo = others.length === 0 ? only : undefined;
      button.className = 'maybe';
      button.textContent = '?';
      this.onClick = linkTo && { linkTo: linkTo.contactId };
      button.title = linkTo
        ? `Looks like someone you already know. ${linkToLabel(linkTo)}`
        : 'Looks like someone you already know: open Rapport on their profile to link them';
    } else if (state.kind === 'claimed') {
      // Not the account's badge yet: a person can be named like a company, so linking is the person's click.
      const { account } = state.account;
      button.className = 'maybe claimed';
      button.style.setProperty('--colour', relationshipColour(account.relationship));
      button.textContent = '?';
      this.onClick = 'linkAccount';
      button.title = `May be ${account.name}’s own profile: ${describe(state.account)}. Click to link it to the account`;
    } else if (state.result) {
      const relationship =
        state.result.kind === 'account'
          ? state.result.account.relationship
          : (state.result.account?.relationship ?? state.result.contact.relationship);
      button.className = 'known';
      button.style.setProperty('--colour', relationshipColour(relationship));
      button.textContent = label(relationship).charAt(0);
      this.onClick = undefined;
      button.title = describe(state.result);
    } else {
      button.className = 'unknown';
      button.textContent = '+';
      this.onClick = 'auto';
      button.title = `Save ${name} as a lead`;
    }
    button.setAttribute(
      'aria-label',
      `Rapport: ${state.kind === 'result' && !state.result ? button.title : `${name}, ${button.title}`}`,
    );
  }

  /** Takes a stranger's "+" away again (the badge keeps its room); a known person's badge stays. */
  conceal(): void {
    if (!this.concealable) return;
    this.revealed = false;
    this.button?.remove();
  }

  busy(): void {
    this.concealable = false;
    const button = this.shown();
    button.textContent = '…';
    this.onClick = undefined;
  }
}
