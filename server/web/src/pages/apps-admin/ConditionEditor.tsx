import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { GRADE_MAX, GRADE_MIN, ROLES } from '../../../../../shared/roles';
import { PersonSearch, type PersonSummary } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { idsFromText, withChoice, withRole, type EditableCondition } from './app-form';
import type { Campus } from './catalog-api';
import { FieldProblem, problemAttributes } from './FieldProblem';

interface ConditionEditorProps {
  /** Unique in the page, e.g. "rule-0-condition-1". */
  id: string;
  condition: EditableCondition;
  onChange(condition: EditableCondition): void;
  campuses: Campus[];
  /** Names of people already seen in a search, by id (a saved rule holds only ids). */
  knownPeople: Map<string, string>;
  onPersonSeen(person: PersonSummary): void;
  onError(message: string): void;
  problem: string | undefined;
}

const GRADES = Array.from({ length: GRADE_MAX - GRADE_MIN + 1 }, (_, index) => GRADE_MIN + index);

/** One condition of a rule, with the controls its kind needs. */
export function ConditionEditor(props: ConditionEditorProps) {
  const { t } = useI18n();
  const { id, condition, onChange, problem } = props;
  const gradeName = (grade: number) =>
    grade === -1 ? t('catalog.grade.pk') : grade === 0 ? t('catalog.grade.k') : String(grade);
  // Two choices as radio buttons: their words are long, and a select would cut them off on a phone.
  const yesNo = (label: string, value: boolean, onValue: (value: boolean) => void, yes: string, no: string) => (
    <div class="yes-no" role="radiogroup" aria-label={label}>
      {[
        { choice: true, words: yes },
        { choice: false, words: no },
      ].map(({ choice, words }) => (
        <label key={String(choice)} class="check">
          <input type="radio" name={`${id}-value`} checked={value === choice} onChange={() => onValue(choice)} />
          {words}
        </label>
      ))}
    </div>
  );

  const body = (() => {
    switch (condition.kind) {
      case 'role':
        return (
          <div class="choice-list">
            {ROLES.map((role) => (
              <label key={role} class="check">
                <input
                  type="checkbox"
                  checked={condition.anyOf.includes(role)}
                  onChange={(event) =>
                    onChange({
                      ...condition,
                      anyOf: withRole(
                        condition.anyOf,
                        role,
                        (event.target as HTMLInputElement).checked,
                      ) as typeof condition.anyOf,
                    })
                  }
                />
                {t(`role.${role}`)}
              </label>
            ))}
          </div>
        );
      case 'grade':
        return (
          <div class="grade-range">
            {(['min', 'max'] as const).map((end) => (
              <span key={end}>
                <label for={`${id}-${end}`}>{t(`catalog.grade.${end}`)}</label>
                <select
                  id={`${id}-${end}`}
                  value={String(condition[end])}
                  onChange={(event) =>
                    onChange({ ...condition, [end]: Number((event.target as HTMLSelectElement).value) })
                  }
                >
                  {GRADES.map((grade) => (
                    <option key={grade} value={grade}>
                      {gradeName(grade)}
                    </option>
                  ))}
                </select>
              </span>
            ))}
          </div>
        );
      case 'campus':
        return (
          <div class="choice-list">
            {props.campuses.length === 0 && <p class="hint">{t('catalog.campus.none')}</p>}
            {props.campuses.map((campus) => (
              <label key={campus.id} class="check">
                <input
                  type="checkbox"
                  checked={condition.anyOf.includes(campus.id)}
                  onChange={(event) =>
                    onChange({
                      ...condition,
                      anyOf: withChoice(
                        condition.anyOf,
                        campus.id,
                        (event.target as HTMLInputElement).checked,
                        props.campuses.map((known) => known.id),
                      ),
                    })
                  }
                />
                {campus.name}
              </label>
            ))}
          </div>
        );
      case 'hasClasses':
        return yesNo(
          t('catalog.condition.hasClasses'),
          condition.value,
          (value) => onChange({ ...condition, value }),
          t('catalog.hasClasses.yes'),
          t('catalog.hasClasses.no'),
        );
      case 'hasEmail':
        return yesNo(
          t('catalog.condition.hasEmail'),
          condition.value,
          (value) => onChange({ ...condition, value }),
          t('catalog.hasEmail.yes'),
          t('catalog.hasEmail.no'),
        );
      case 'sisFlag':
        return (
          <>
            <label for={`${id}-flag`}>{t('catalog.sisFlag.name')}</label>
            <input
              id={`${id}-flag`}
              value={condition.flag}
              onInput={(event) => onChange({ ...condition, flag: (event.target as HTMLInputElement).value.trim() })}
              {...problemAttributes(`${id}-flag`, undefined, `${id}-flag-hint`)}
            />
            <p id={`${id}-flag-hint`} class="hint">
              {t('catalog.sisFlag.hint')}
            </p>
            {yesNo(
              t('catalog.sisFlag.value'),
              condition.value,
              (value) => onChange({ ...condition, value }),
              t('catalog.sisFlag.set'),
              t('catalog.sisFlag.notSet'),
            )}
          </>
        );
      case 'person':
        return (
          <NamedPeople
            {...props}
            condition={condition}
            valueField={namedValue(condition.value, (value) => onChange({ ...condition, value }), 'person')}
          />
        );
      case 'class':
        return (
          <>
            {namedValue(condition.value, (value) => onChange({ ...condition, value }), 'class')}
            <label for={`${id}-classes`}>{t('catalog.class.ids')}</label>
            <textarea
              id={`${id}-classes`}
              rows={3}
              class="code"
              value={condition.anyOf.join('\n')}
              onChange={(event) =>
                onChange({ ...condition, anyOf: idsFromText((event.target as HTMLTextAreaElement).value) })
              }
              {...problemAttributes(`${id}-classes`, undefined, `${id}-classes-hint`)}
            />
            <p id={`${id}-classes-hint`} class="hint">
              {t('catalog.class.hint')}
            </p>
          </>
        );
    }
  })();

  function namedValue(value: boolean, onValue: (value: boolean) => void, kind: 'person' | 'class') {
    return yesNo(t('catalog.named.value'), value, onValue, t(`catalog.${kind}.only`), t(`catalog.${kind}.except`));
  }

  return (
    <fieldset class="condition" {...problemAttributes(id, problem)}>
      <legend>{t(`catalog.condition.${condition.kind}`)}</legend>
      {body}
      <FieldProblem fieldId={id} problem={problem} />
    </fieldset>
  );
}

type PersonCondition = Extract<EditableCondition, { kind: 'person' }>;

/** Named people: a search to add one, the chosen ones with a remove button each. */
function NamedPeople({
  id,
  condition: named,
  onChange,
  knownPeople,
  onPersonSeen,
  onError,
  valueField,
}: Pick<ConditionEditorProps, 'id' | 'onChange' | 'knownPeople' | 'onPersonSeen' | 'onError'> & {
  condition: PersonCondition;
  valueField: ComponentChildren;
}) {
  const { t } = useI18n();
  const [picked, setPicked] = useState<PersonSummary | null>(null);
  const nameOf = (userId: string) => knownPeople.get(userId) ?? userId;
  const add = () => {
    if (!picked) return;
    onPersonSeen(picked);
    onChange({ ...named, anyOf: withChoice(named.anyOf, picked.id, true, named.anyOf) });
    setPicked(null);
  };
  return (
    <>
      {valueField}
      {named.anyOf.length > 0 && (
        <ul class="named-people" aria-label={t('catalog.person.chosen')}>
          {named.anyOf.map((userId) => (
            <li key={userId}>
              {nameOf(userId)}{' '}
              <button
                type="button"
                class="secondary"
                onClick={() => onChange({ ...named, anyOf: named.anyOf.filter((other) => other !== userId) })}
              >
                {t('catalog.remove')}
                <span class="visually-hidden"> ({nameOf(userId)})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <PersonSearch
        id={`${id}-search`}
        label={t('catalog.person.search')}
        selectedId={picked?.id ?? ''}
        onSelect={setPicked}
        onError={onError}
      />
      <button type="button" class="secondary" disabled={!picked} onClick={add}>
        {t('catalog.person.add')}
      </button>
    </>
  );
}
