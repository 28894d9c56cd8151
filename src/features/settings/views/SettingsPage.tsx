import type { SiteSettings } from '../../../kernel/site-settings.js';
import { Field } from '../../../views/AdminShell.js';
import { CsrfField } from '../../../views/render-marks.js';

export function SettingsPage(props: { settings: SiteSettings; problems?: Record<string, string> }) {
  const s = props.settings;
  const p = props.problems ?? {};
  return (
    <form method="post" action="/admin/settings" class="form settings-form">
      <CsrfField />
      {Object.keys(p).length > 0 && (
        <p class="form-error" role="alert">
          Some settings need fixing; nothing was saved.
        </p>
      )}
      <fieldset>
        <legend>Site</legend>
        <Field name="siteTitle" label="Site title" value={s.siteTitle} required error={p.siteTitle} />
        <Field name="tagline" label="Tagline" value={s.tagline} required error={p.tagline} />
        <Field
          name="filmsPerPage"
          label="Films per page"
          type="number"
          min={6}
          max={96}
          value={s.filmsPerPage}
          error={p.filmsPerPage}
        />
      </fieldset>
      <fieldset>
        <legend>Ratings</legend>
        <Field
          name="ratingPriorVotes"
          label="Rating prior m (votes)"
          type="number"
          min={0}
          max={1000}
          value={s.ratingPriorVotes}
          error={p.ratingPriorVotes}
          hint="How many votes' worth of the site average a film starts with in the Top rated ranking."
        />
      </fieldset>
      <fieldset>
        <legend>Comment moderation</legend>
        <div class="field field--check">
          <input id="field-holdFirstComment" type="checkbox" name="holdFirstComment" checked={s.holdFirstComment} />
          <label for="field-holdFirstComment">Hold a first comment from an unknown email for moderation</label>
        </div>
        <Field
          name="holdIfMoreLinksThan"
          label="Hold comments with more links than"
          type="number"
          min={0}
          max={100}
          value={s.holdIfMoreLinksThan}
          error={p.holdIfMoreLinksThan}
        />
        <Field
          name="commentThreadDepth"
          label="Reply depth"
          type="number"
          min={1}
          max={10}
          value={s.commentThreadDepth}
          error={p.commentThreadDepth}
        />
        <Field
          name="trashRetentionDays"
          label="Days to keep trash"
          type="number"
          min={1}
          max={3650}
          value={s.trashRetentionDays}
          error={p.trashRetentionDays}
        />
        <Field
          name="ipHashRetentionDays"
          label="Days to keep a commenter's IP hash"
          type="number"
          min={1}
          max={3650}
          value={s.ipHashRetentionDays}
          error={p.ipHashRetentionDays}
        />
        <div class="field">
          <label for="field-moderationWords">Moderation words (hold for review), one per line</label>
          <textarea id="field-moderationWords" name="moderationWords" rows={4}>
            {s.moderationWords.join('\n')}
          </textarea>
        </div>
        <div class="field">
          <label for="field-disallowedWords">Disallowed words (send to trash), one per line</label>
          <textarea id="field-disallowedWords" name="disallowedWords" rows={4}>
            {s.disallowedWords.join('\n')}
          </textarea>
        </div>
      </fieldset>
      <fieldset>
        <legend>Spam filter</legend>
        <Field
          name="spamPendingAbove"
          label="Hold for review above score"
          type="number"
          step="0.01"
          min={0}
          max={1}
          value={s.spamPendingAbove}
          error={p.spamPendingAbove}
        />
        <Field
          name="spamRejectAbove"
          label="Mark as spam above score"
          type="number"
          step="0.01"
          min={0}
          max={1}
          value={s.spamRejectAbove}
          error={p.spamRejectAbove}
        />
        <Field
          name="spamRetentionDays"
          label="Days to keep spam"
          type="number"
          min={1}
          max={3650}
          value={s.spamRetentionDays}
          error={p.spamRetentionDays}
        />
        <div class="field">
          <label for="field-spamBlockedDomains">
            Blocked domains (links to them mark a comment as spam), one per line
          </label>
          <textarea id="field-spamBlockedDomains" name="spamBlockedDomains" rows={4}>
            {s.spamBlockedDomains.join('\n')}
          </textarea>
        </div>
      </fieldset>
      <button type="submit" class="button">
        Save settings
      </button>
    </form>
  );
}
