import { useState } from 'preact/hooks';
import type { PersonSummary } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import {
  CONDITION_KINDS,
  newCondition,
  newRule,
  type ConditionKind,
  type EditableCondition,
  type EditableRule,
  type FieldProblems,
} from './app-form';
import type { Campus } from './catalog-api';
import { ConditionEditor } from './ConditionEditor';
import { FieldProblem, TextField } from './FieldProblem';

interface RuleListProps {
  rules: EditableRule[];
  onChange(rules: EditableRule[]): void;
  campuses: Campus[];
  problems: FieldProblems;
  onError(message: string): void;
}

/** The app's access rules: a person gets the tile when every condition of at least one rule holds. */
export function RuleList({ rules, onChange, campuses, problems, onError }: RuleListProps) {
  const { t } = useI18n();
  const [knownPeople, setKnownPeople] = useState(new Map<string, string>());
  const seen = (person: PersonSummary) =>
    setKnownPeople((known) => new Map(known).set(person.id, `${person.displayName} (${person.username})`));
  const setRule = (index: number, rule: EditableRule) => onChange(rules.map((old, at) => (at === index ? rule : old)));

  return (
    <fieldset class="rules-editor">
      <legend>{t('catalog.rules.legend')}</legend>
      <p class="hint">{t('catalog.rules.hint')}</p>
      <FieldProblem fieldId="rules" problem={problems['rules']} />
      {rules.length === 0 && <p>{t('catalog.rules.none')}</p>}
      {rules.map((rule, index) => (
        <RuleEditor
          key={rule.id ?? `new-${index}`}
          index={index}
          rule={rule}
          onChange={(next) => setRule(index, next)}
          onRemove={() => onChange(rules.filter((_, at) => at !== index))}
          campuses={campuses}
          problems={problems}
          knownPeople={knownPeople}
          onPersonSeen={seen}
          onError={onError}
        />
      ))}
      <button type="button" class="secondary" onClick={() => onChange([...rules, newRule()])}>
        {t('catalog.rules.add')}
      </button>
    </fieldset>
  );
}

interface RuleEditorProps {
  index: number;
  rule: EditableRule;
  onChange(rule: EditableRule): void;
  onRemove(): void;
  campuses: Campus[];
  problems: FieldProblems;
  knownPeople: Map<string, string>;
  onPersonSeen(person: PersonSummary): void;
  onError(message: string): void;
}

function RuleEditor({ index, rule, onChange, onRemove, problems, ...shared }: RuleEditorProps) {
  const { t } = useI18n();
  const [kindToAdd, setKindToAdd] = useState<ConditionKind>('grade');
  const path = `rules.${index}`;
  const setCondition = (at: number, condition: EditableCondition) =>
    onChange({ ...rule, conditions: rule.conditions.map((old, i) => (i === at ? condition : old)) });
  const title = t('catalog.rules.title', { number: index + 1 });

  return (
    <fieldset class="rule">
      <legend>{rule.name ? `${title}: ${rule.name}` : title}</legend>
      <TextField
        id={`rule-${index}-name`}
        label={t('catalog.rules.name')}
        value={rule.name}
        onInput={(name) => onChange({ ...rule, name })}
        problem={problems[`${path}.name`]}
      />
      <p class="hint">{t('catalog.rules.allOf')}</p>
      <FieldProblem fieldId={`rule-${index}-conditions`} problem={problems[`${path}.conditions`]} />
      <ol class="conditions">
        {rule.conditions.map((condition, at) => (
          <li key={at}>
            <ConditionEditor
              id={`rule-${index}-condition-${at}`}
              condition={condition}
              onChange={(next) => setCondition(at, next)}
              problem={firstProblemUnder(problems, `${path}.conditions.${at}`)}
              {...shared}
            />
            <button
              type="button"
              class="secondary danger"
              onClick={() => onChange({ ...rule, conditions: rule.conditions.filter((_, i) => i !== at) })}
            >
              {t('catalog.conditions.remove')}
              <span class="visually-hidden">
                {' '}
                ({t(`catalog.condition.${condition.kind}`)}, {title})
              </span>
            </button>
          </li>
        ))}
      </ol>
      <div class="add-condition">
        <label for={`rule-${index}-add-kind`}>{t('catalog.conditions.kind')}</label>
        <select
          id={`rule-${index}-add-kind`}
          value={kindToAdd}
          onChange={(event) => setKindToAdd((event.target as HTMLSelectElement).value as ConditionKind)}
        >
          {CONDITION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`catalog.condition.${kind}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="secondary"
          onClick={() => onChange({ ...rule, conditions: [...rule.conditions, newCondition(kindToAdd)] })}
        >
          {t('catalog.conditions.add')}
          <span class="visually-hidden"> ({title})</span>
        </button>
      </div>
      <button type="button" class="secondary danger" onClick={onRemove}>
        {t('catalog.rules.remove')}
        <span class="visually-hidden"> ({title})</span>
      </button>
    </fieldset>
  );
}

/** The problem of a condition or of any part of it ("rules.0.conditions.1.max"). */
function firstProblemUnder(problems: FieldProblems, path: string): string | undefined {
  const key = Object.keys(problems).find((found) => found === path || found.startsWith(`${path}.`));
  return key === undefined ? undefined : problems[key];
}
