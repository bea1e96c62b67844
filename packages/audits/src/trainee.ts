/**
 * Trainee scoring (培训考核): trainees fill in forms for synthetic cases whose answers are known —
 * the case sheet gives the facts in words (性别：女；受教育程度：初中 …), never the codes — and each
 * trainee's forms are compared with the answer key, item by item (培训质量过关 in the mechanism's
 * words: a trainee passes at or above a share of correct answers the office sets).
 */
import { codeLabel, formItem, personForm, type PersonFormVersion } from '@canji/form';
import { fail, type AuditIssue, type AuditResult } from './errors.js';
import { itemClasses } from './item-classes.js';
import { isRecord, personKeyOf } from './units.js';
import { answerText } from './values.js';

/** Field of a key record and of an answer record holding the case number (案例编号). */
export const CASE_FIELD = 'case_no';
/** Field of an answer record naming the trainee (学员). */
export const TRAINEE_FIELD = 'trainee';
/** What answers without a trainee's name are grouped under. */
export const NO_TRAINEE = '（未填学员）';

/** One fact of a case, as the trainee reads it. */
export interface CaseFact {
  readonly item: string;
  /** The item's label (`受教育程度`), not its number: finding the item is part of the exercise. */
  readonly label: string;
  /** The fact in words (`初中`), never the code — except where the code list's wording is unknown (see `codeOnly`). */
  readonly fact: string;
  /**
   * The item's code list has no known wording for the answer (a provisional list, e.g. R36's
   * reasons): the fact names the option by number (`选项 2（文字说明未知）`).
   */
  readonly codeOnly?: true;
}

/** One training case: its number, who the person is, and the facts to code. */
export interface TrainingCase {
  readonly case: string;
  readonly name: string;
  readonly residentId: string;
  readonly facts: readonly CaseFact[];
}

/** Options of {@link trainingCases}. */
export interface TrainingCasesOptions {
  version?: PersonFormVersion;
  /** Items the cases state and the key holds (default: the items of `itemClasses`). */
  items?: readonly string[];
  /** Case numbers are `prefix` + a 3-digit number (default `'C'`: C001, C002 …). */
  prefix?: string;
}

/** What {@link trainingCases} returns: the case sheet and the answer key (the records, with {@link CASE_FIELD}). */
export interface TrainingSet {
  readonly cases: readonly TrainingCase[];
  readonly key: readonly Record<string, unknown>[];
  readonly items: readonly string[];
}

/** Text-valued items whose stored values are not words a trainee reads (`sex` is `'male'` / `'female'`). */
const TEXT_WORDS: Readonly<Record<string, Readonly<Record<string, string>>>> = { sex: { male: '男', female: '女' } };

function factText(version: PersonFormVersion, key: string, v: unknown): { fact: string; codeOnly: boolean } {
  const words = TEXT_WORDS[key];
  if (words && typeof v === 'string' && words[v]) return { fact: words[v], codeOnly: false };
  const form = personForm(version);
  const it = formItem(form, key);
  const list = it?.codeList ? form.codeLists[it.codeList] : undefined;
  let codeOnly = false;
  const one = (x: unknown): string => {
    if (list && typeof x === 'number') {
      const label = codeLabel(list, x);
      if (label) return label;
      codeOnly = true;
      return `选项 ${x}（文字说明未知）`;
    }
    return x instanceof Date ? x.toISOString().slice(0, 10) : String(x);
  };
  const fact = Array.isArray(v) ? v.map(one).join('、') : one(v);
  return { fact, codeOnly };
}

/**
 * The case sheet and the answer key of a training exercise, from synthetic persons (give it
 * `synthesizePersons` of @canji/synth: no real person is ever a training case). Each case states the
 * answered items as facts in words; the key is the records themselves with their case number.
 *
 * @summary Training cases and their answer key
 * @example
 * ```ts
 * import { trainingCases } from '@canji/audits';
 * import { synthesizePersons } from '@canji/synth';
 * const t = trainingCases([...synthesizePersons({ seed: 3, count: 10 })]);
 * if (t.ok) t.value.cases[0]!.facts.find((f) => f.item === 'r13')?.fact; //=> e.g. '初中'
 * if (t.ok) t.value.key[0]!.case_no; //=> 'C001'
 * ```
 */
export function trainingCases(records: Iterable<unknown>, options: TrainingCasesOptions = {}): AuditResult<TrainingSet> {
  const version = options.version ?? '2017';
  const known = new Set(personForm(version).items.map((i) => i.key));
  const unknown = (options.items ?? []).filter((k) => !known.has(k));
  if (unknown.length) return fail('AUDIT_ITEM_UNKNOWN', `“${unknown.join('、')}”不是 ${version} 版登记表的项目`);
  const items = options.items ? [...options.items] : itemClasses(version).map((i) => i.key);
  const prefix = options.prefix ?? 'C';
  const form = personForm(version);
  const cases: TrainingCase[] = [];
  const key: Record<string, unknown>[] = [];
  for (const r of records) {
    if (!isRecord(r)) continue;
    const id = `${prefix}${String(cases.length + 1).padStart(3, '0')}`;
    const facts: CaseFact[] = [];
    for (const k of items) {
      if (answerText(r[k]) === undefined) continue;
      const { fact, codeOnly } = factText(version, k, r[k]);
      facts.push({ item: k, label: formItem(form, k)?.label ?? k, fact, ...(codeOnly ? { codeOnly: true as const } : {}) });
    }
    cases.push({ case: id, name: String(r.name ?? ''), residentId: String(r.resident_id ?? ''), facts });
    key.push({ [CASE_FIELD]: id, ...r });
  }
  return { ok: true, value: { cases, key, items } };
}

/** Options of {@link scoreTrainees}. */
export interface ScoreOptions {
  version?: PersonFormVersion;
  /** Items scored (default: the items of `itemClasses`). */
  items?: readonly string[];
  /** Share of correct answers a trainee needs to pass, 0–1 (default 0.9; canji's default, not an official figure). */
  pass?: number;
  /** An item is listed as often wrong when at least this share of trainees got it wrong at least once (default 0.3). */
  hardShare?: number;
}

/** One answer of a trainee that differs from the key. */
export interface TraineeMistake {
  readonly case: string;
  readonly item: string;
  /** Canonical text of the key's and the trainee's answer (`undefined` = blank). */
  readonly expected: string | undefined;
  readonly given: string | undefined;
}

/** Correct answers out of scored ones. */
export interface ScoreCount {
  readonly correct: number;
  readonly scored: number;
  /** `correct / scored`, or `null` when nothing was scored. */
  readonly score: number | null;
}

/** A trainee's result. */
export interface TraineeScore extends ScoreCount {
  readonly trainee: string;
  /** 培训质量过关: the score is at or above the pass share. */
  readonly passed: boolean;
  /** Cases of the key the trainee answered, and those they did not (their items count as wrong). */
  readonly cases: number;
  readonly missingCases: readonly string[];
  readonly items: Readonly<Record<string, ScoreCount>>;
  readonly mistakes: readonly TraineeMistake[];
}

/** An item's result over all trainees. */
export interface ItemScore extends ScoreCount {
  readonly item: string;
  /** Trainees who got it wrong at least once, of trainees scored on it. */
  readonly traineesWrong: number;
  readonly trainees: number;
  /** `traineesWrong / trainees` is at least `hardShare`. */
  readonly hard: boolean;
}

/** What {@link scoreTrainees} returns. */
export interface ScoreReport {
  readonly pass: number;
  readonly hardShare: number;
  readonly trainees: readonly TraineeScore[];
  readonly items: readonly ItemScore[];
  readonly issues: readonly AuditIssue[];
}

const count = (correct: number, scored: number): ScoreCount => ({ correct, scored, score: scored > 0 ? correct / scored : null });

function caseOf(r: Record<string, unknown>, byId: Map<string, string>): string | undefined {
  const c = answerText(r[CASE_FIELD]);
  if (c !== undefined) return c;
  const id = personKeyOf(r);
  return id === undefined ? undefined : byId.get(id);
}

/**
 * Scores each trainee's forms against the answer key (records with {@link CASE_FIELD}; the
 * trainee's in {@link TRAINEE_FIELD}; a form without a case number is matched by its resident ID).
 * A cell is scored where the key or the trainee answered it: blank in both (an item the skip logic
 * leaves out) is not scored, a filled-in item the key leaves blank is wrong, and a case the trainee
 * did not hand in counts each item the key answers as wrong. Answers are compared as canji reads
 * them (a number and the same number as text agree, a multiple choice is a set).
 *
 * @summary Score trainees against an answer key
 * @example
 * ```ts
 * import { scoreTrainees } from '@canji/audits';
 * const key = [{ case_no: 'C001', r3: 1, r4: 2 }];
 * const answers = [{ trainee: '王', case_no: 'C001', r3: 1, r4: 3 }];
 * const r = scoreTrainees(answers, key, { items: ['r3', 'r4'], pass: 0.9 });
 * if (r.ok) r.value.trainees[0]; //=> { trainee: '王', correct: 1, scored: 2, score: 0.5, passed: false, … }
 * ```
 */
export function scoreTrainees(answers: Iterable<unknown>, key: Iterable<unknown>, options: ScoreOptions = {}): AuditResult<ScoreReport> {
  const pass = options.pass ?? 0.9;
  const hardShare = options.hardShare ?? 0.3;
  if (!(typeof pass === 'number' && pass >= 0 && pass <= 1) || !(typeof hardShare === 'number' && hardShare > 0 && hardShare <= 1)) {
    return fail('AUDIT_OPTIONS_INVALID', `合格线应在 0 至 1 之间、易错项目比例应在 (0, 1] 之间（收到 ${String(options.pass)}、${String(options.hardShare)}）`);
  }
  const version = options.version ?? '2017';
  const items = options.items ? [...options.items] : itemClasses(version).map((i) => i.key);
  const issues: AuditIssue[] = [];
  const keyOf = new Map<string, Record<string, unknown>>();
  const byId = new Map<string, string>();
  let i = 0;
  for (const r of key) {
    const n = i++;
    const c = isRecord(r) ? answerText(r[CASE_FIELD]) : undefined;
    if (!isRecord(r) || c === undefined) {
      issues.push({ code: 'AUDIT_NO_KEY', message: `答案第 ${n + 1} 条记录没有案例编号，未使用`, index: n });
      continue;
    }
    if (keyOf.has(c)) {
      issues.push({ code: 'AUDIT_DUPLICATE_KEY', message: `答案第 ${n + 1} 条记录的案例编号 ${c} 与前面的记录相同，以前一条为准`, index: n });
      continue;
    }
    keyOf.set(c, r);
    const id = personKeyOf(r);
    if (id !== undefined) byId.set(id, c);
  }
  if (keyOf.size === 0) return fail('AUDIT_NO_KEY', '答案中没有带案例编号的记录');
  const cases = [...keyOf.keys()].sort();

  const byTrainee = new Map<string, Map<string, Record<string, unknown>>>();
  i = 0;
  for (const r of answers) {
    const n = i++;
    if (!isRecord(r)) {
      issues.push({ code: 'AUDIT_RECORD_NOT_OBJECT', message: `学员答卷第 ${n + 1} 条记录不是对象，未评分`, index: n });
      continue;
    }
    const t = typeof r[TRAINEE_FIELD] === 'string' && (r[TRAINEE_FIELD] as string).trim() !== '' ? (r[TRAINEE_FIELD] as string).trim() : typeof r[TRAINEE_FIELD] === 'number' ? String(r[TRAINEE_FIELD]) : NO_TRAINEE;
    const c = caseOf(r, byId);
    if (c === undefined || !keyOf.has(c)) {
      issues.push({ code: 'AUDIT_FORM_UNMATCHED', message: `学员答卷第 ${n + 1} 条记录（${t}）${c === undefined ? '没有案例编号' : `的案例编号 ${c} 不在答案中`}，未评分`, index: n });
      continue;
    }
    const mine = byTrainee.get(t) ?? byTrainee.set(t, new Map()).get(t)!;
    if (mine.has(c)) {
      issues.push({ code: 'AUDIT_DUPLICATE_KEY', message: `学员答卷第 ${n + 1} 条记录：${t} 的案例 ${c} 重复，以前一份为准`, index: n });
      continue;
    }
    mine.set(c, r);
  }

  const itemTotals = new Map(items.map((k) => [k, { correct: 0, scored: 0, wrong: 0, trainees: 0 }]));
  const trainees: TraineeScore[] = [];
  for (const t of [...byTrainee.keys()].sort()) {
    const mine = byTrainee.get(t)!;
    const per = new Map(items.map((k) => [k, { correct: 0, scored: 0 }]));
    const mistakes: TraineeMistake[] = [];
    const missingCases: string[] = [];
    for (const c of cases) {
      const k = keyOf.get(c)!;
      const a = mine.get(c);
      if (!a) missingCases.push(c);
      for (const item of items) {
        const expected = answerText(k[item]);
        const given = a ? answerText(a[item]) : undefined;
        if (expected === undefined && given === undefined) continue;
        const p = per.get(item)!;
        p.scored++;
        if (expected === given) p.correct++;
        else mistakes.push({ case: c, item, expected, given });
      }
    }
    let correct = 0;
    let scored = 0;
    const itemScores: Record<string, ScoreCount> = {};
    for (const [item, p] of per) {
      correct += p.correct;
      scored += p.scored;
      if (p.scored === 0) continue;
      itemScores[item] = count(p.correct, p.scored);
      const tot = itemTotals.get(item)!;
      tot.correct += p.correct;
      tot.scored += p.scored;
      tot.trainees++;
      if (p.correct < p.scored) tot.wrong++;
    }
    const s = count(correct, scored);
    trainees.push({ trainee: t, ...s, passed: s.score !== null && s.score >= pass, cases: mine.size, missingCases, items: itemScores, mistakes });
  }
  const itemScores: ItemScore[] = items
    .map((item) => {
      const t = itemTotals.get(item)!;
      return { item, ...count(t.correct, t.scored), traineesWrong: t.wrong, trainees: t.trainees, hard: t.trainees > 0 && t.wrong / t.trainees >= hardShare };
    })
    .filter((x) => x.scored > 0);
  return { ok: true, value: { pass, hardShare, trainees, items: itemScores, issues } };
}
