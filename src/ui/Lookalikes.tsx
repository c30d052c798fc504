import type { PossibleDuplicates, SaveMode } from '../lib/messages';
import { linkToLabel } from './format';

/**
 * Someone who looks like contacts the team already has (the same name at the same company, or no company to tell
 * them apart): link the profile to one of them, or save a new lead after all. The page's card and the popup alike.
 */
export function Lookalikes({
  duplicates,
  busy,
  onSave,
}: {
  duplicates: PossibleDuplicates;
  busy: boolean;
  onSave(mode: SaveMode): void;
}) {
  return (
    <div class="lookalikes">
      <p class="status">This looks like someone you already know:</p>
      {duplicates.candidates.map((candidate) => (
        <div class="actions" key={candidate.contactId}>
          <button type="button" class="primary" disabled={busy} onClick={() => onSave({ linkTo: candidate.contactId })}>
            {linkToLabel(candidate)}
          </button>
        </div>
      ))}
      <div class="actions">
        <button type="button" class="secondary" disabled={busy} onClick={() => onSave('new')}>
          Save as a new lead
        </button>
      </div>
    </div>
  );
}
