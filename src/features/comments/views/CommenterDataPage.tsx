import { CsrfField } from '../../../views/render-marks.js';

/** The admin's export and erase forms for one commenter's data (GDPR Art. 15 and 17). */
export function CommenterDataPage() {
  return (
    <>
      <p>Export or erase everything stored under a commenter's email address.</p>
      <form method="post" action="/admin/privacy/export" class="form form--inline">
        <CsrfField />
        <div class="field">
          <label for="export-email">Email</label>
          <input id="export-email" type="email" name="email" required />
        </div>
        <button type="submit" class="button button--small">
          Download as JSON
        </button>
      </form>
      <form method="post" action="/admin/privacy/erase" class="form form--inline">
        <CsrfField />
        <div class="field">
          <label for="erase-email">Email</label>
          <input id="erase-email" type="email" name="email" required />
        </div>
        <div class="field">
          <label for="erase-mode">How</label>
          <select id="erase-mode" name="mode">
            <option value="anonymise">Anonymise (keep the text, remove who wrote it)</option>
            <option value="delete">Delete the comments</option>
          </select>
        </div>
        <button type="submit" class="button button--small">
          Erase
        </button>
      </form>
    </>
  );
}
