import { FieldNote, TextArea } from '../../../views/FormParts.js';
import { CsrfField } from '../../../views/render-marks.js';
import { MAX_NOTE } from '../diary.js';

export interface ViewingFormValues {
  date: string;
  stars: string;
  rewatch: boolean;
  note: string;
  visibility: 'public' | 'private';
}

const STAR_CHOICES = ['', '0.5', '1', '1.5', '2', '2.5', '3', '3.5', '4', '4.5', '5'];

/** The "log a viewing" form, new or editing: a plain form that works without JavaScript; errors beside fields. */
export function ViewingForm(props: {
  film: { slug: string; title: string };
  action: string;
  values: ViewingFormValues;
  errors: Record<string, string>;
  maxDate: string;
  submitLabel: string;
}) {
  const { values, errors } = props;
  const described = (name: string) => (errors[name] ? `field-${name}-error` : undefined);
  return (
    <form method="post" action={props.action} class="form" novalidate>
      <CsrfField />
      {Object.keys(errors).length > 0 && (
        <p class="form-error" role="alert">
          Please correct the fields marked below.
        </p>
      )}
      <div class={`field${errors.date ? ' field--invalid' : ''}`}>
        <label for="field-date">Date watched</label>
        <input
          id="field-date"
          type="date"
          name="date"
          value={values.date}
          max={props.maxDate}
          required
          aria-invalid={errors.date ? 'true' : undefined}
          aria-describedby={described('date')}
        />
        <FieldNote id="field-date" error={errors.date} />
      </div>
      <div class={`field${errors.stars ? ' field--invalid' : ''}`}>
        <label for="field-stars">Your rating (optional; it becomes your vote on the film)</label>
        <select id="field-stars" name="stars" aria-describedby={described('stars')}>
          {STAR_CHOICES.map((s) => (
            <option key={s} value={s} selected={s === values.stars}>
              {s === '' ? 'No rating' : `${s} ${s === '1' ? 'star' : 'stars'}`}
            </option>
          ))}
        </select>
        <FieldNote id="field-stars" error={errors.stars} />
      </div>
      <div class="field field--check">
        <input id="field-rewatch" type="checkbox" name="rewatch" value="1" checked={values.rewatch} />
        <label for="field-rewatch">I had seen it before (rewatch)</label>
      </div>
      <TextArea
        name="note"
        label="Note (optional)"
        value={values.note}
        rows={3}
        error={errors.note}
        hint={`At most ${MAX_NOTE} characters.`}
      />
      <fieldset class="field">
        <legend>Who can see this entry</legend>
        <label>
          <input type="radio" name="visibility" value="public" checked={values.visibility === 'public'} /> Everyone
          (your profile and diary)
        </label>
        <label>
          <input type="radio" name="visibility" value="private" checked={values.visibility === 'private'} /> Only me
        </label>
        <FieldNote id="field-visibility" error={errors.visibility} />
      </fieldset>
      <p class="form__actions">
        <button type="submit" class="button">
          {props.submitLabel}
        </button>{' '}
        <a href={`/film/${props.film.slug}/review`}>Write a review</a> instead
      </p>
    </form>
  );
}
