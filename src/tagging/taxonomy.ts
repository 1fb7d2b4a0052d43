import { createHash } from 'node:crypto';
import path from 'node:path';
import { AUDIENCES, type Audience } from '../interviews/audience.js';
import {
  DataFileError,
  type DataIssue,
  duplicateIssues,
  formatDataPath,
  type LoadedYaml,
  loadYaml,
  repoRoot,
} from '../shared/loadYaml.js';
import {
  type ModelsFile,
  type MotivatorsFile,
  modelsFileSchema,
  motivatorsFileSchema,
  type PetalsFile,
  petalsFileSchema,
} from './taxonomySchema.js';

/** Default location of the taxonomy files, from the repository root. */
export const TAXONOMY_DIR = 'data/taxonomy';

export const TAXONOMY_FILES = {
  petals: 'petals.yml',
  maturityModels: 'maturity-models.yml',
  motivators: 'motivators.yml',
} as const;

/** A petal of the OSPO flower: one area of the organisation where open source brings value. */
export interface Petal {
  id: string;
  /** ≤ 75 characters: usable as Slack option text. */
  name: string;
  /** ≤ 75 characters: usable as a Slack option description. */
  summary: string;
  description: string;
  /** Words and phrases that suggest this petal; a trailing `*` on a word marks a stem. */
  signals: readonly string[];
  /** Audiences whose interviews start with this petal preselected. */
  defaultFor: readonly Audience[];
  /** `#rrggbb` fill colour for the flower picture, when the file gives one. */
  color?: string;
  /** Slack emoji code, like `:scales:`, when the file gives one. */
  emoji?: string;
  /** Position in the file (0-based): the order petals are shown in. */
  index: number;
}

/** One item of the chapter's maturity checklist: evidence that an organisation has reached a stage. */
export interface ChecklistItem {
  id: string;
  /** ≤ 150 characters. */
  text: string;
  signals: readonly string[];
  stageId: string;
  modelId: string;
}

export interface Stage {
  /** Unique across all models, so a stored stage id needs no model beside it. */
  id: string;
  modelId: string;
  /** Position within its model: 0 is the least mature. */
  order: number;
  name: string;
  summary: string;
  description: string;
  signals: readonly string[];
  checklist: readonly ChecklistItem[];
  /** The reference model's stage this one corresponds to (a reference stage points to itself). */
  equivalent: string;
}

export interface MaturityModel {
  id: string;
  name: string;
  description: string;
  source?: string;
  /** Sorted by `order`. */
  stages: readonly Stage[];
}

/** Why a part of the organisation cares about open source. */
export interface Motivator {
  id: string;
  name: string;
  summary: string;
  description: string;
  signals: readonly string[];
  /** Ids of the petals where this motivator usually shows up. */
  petals: readonly string[];
  index: number;
}

export interface Taxonomy {
  /** The files' versions: one value when they agree, otherwise `petals@x+maturity-models@y+motivators@z`. */
  version: string;
  versions: { petals: string; maturityModels: string; motivators: string };
  /**
   * A short hash of the parsed content (comments and layout excluded): changes whenever the taxonomy's meaning does,
   * even if nobody bumped a version. Good as a key for "tagged with this taxonomy".
   */
  fingerprint: string;
  petals: readonly Petal[];
  models: readonly MaturityModel[];
  /** The model every other model's stages map onto (`default:` in maturity-models.yml). */
  referenceModel: MaturityModel;
  /** The model shown to people: the reference model unless `modelId` picked another. */
  defaultModel: MaturityModel;
  motivators: readonly Motivator[];
  petalById(id: string): Petal | undefined;
  motivatorById(id: string): Motivator | undefined;
  modelById(id: string): MaturityModel | undefined;
  /** Any model's stage. */
  stageById(id: string): Stage | undefined;
  checklistItemById(id: string): ChecklistItem | undefined;
  /** The petal preselected for an audience (every audience has exactly one). */
  defaultPetalFor(audience: Audience): Petal;
  /**
   * The same stage shown in another model (default: the default model). Models need not map one to one: when no
   * stage of the target corresponds exactly, the most mature target stage at or below the given one is used.
   */
  stageInModel(stageId: string, modelId?: string): Stage | undefined;
}

export interface LoadTaxonomyOptions {
  /** Which maturity model to show by default (from configuration); the file's `default:` when omitted. */
  modelId?: string;
}

/**
 * Reads and checks `petals.yml`, `maturity-models.yml` and `motivators.yml` from `dir` (relative paths are taken
 * from the repository root). Throws a DataFileError naming the file, place and problem when anything is wrong.
 */
export function loadTaxonomy(dir: string = TAXONOMY_DIR, options: LoadTaxonomyOptions = {}): Taxonomy {
  const root = path.resolve(repoRoot, dir);
  const petalsFile = loadYaml(path.join(root, TAXONOMY_FILES.petals), petalsFileSchema);
  throwIfAny(petalsFile, checkPetals(petalsFile.data));
  const modelsFile = loadYaml(path.join(root, TAXONOMY_FILES.maturityModels), modelsFileSchema);
  throwIfAny(modelsFile, checkModels(modelsFile.data));
  const motivatorsFile = loadYaml(path.join(root, TAXONOMY_FILES.motivators), motivatorsFileSchema);
  throwIfAny(motivatorsFile, checkMotivators(motivatorsFile.data, petalsFile.data));

  const taxonomy = buildTaxonomy(petalsFile.data, modelsFile.data, motivatorsFile.data, options.modelId);
  if (!taxonomy) {
    const known = modelsFile.data.models.map((m) => m.id).join(', ');
    throw new DataFileError(modelsFile.file, [
      {
        where: '',
        message: `the configured maturity model "${options.modelId}" is not defined here (defined: ${known})`,
      },
    ]);
  }
  return taxonomy;
}

function throwIfAny(file: LoadedYaml<unknown>, issues: DataIssue[]): void {
  if (issues.length > 0) throw file.error(issues);
}

function checkPetals(data: PetalsFile): DataIssue[] {
  const issues = duplicateIssues(
    data.petals,
    (p) => p.id,
    (i) => ['petals', i, 'id'],
  );
  issues.push(
    ...duplicateIssues(
      data.petals,
      (p) => p.name,
      (i) => ['petals', i, 'name'],
      'name',
      lower,
    ),
  );
  data.petals.forEach((p, i) => {
    issues.push(...signalDuplicates(p.signals, ['petals', i, 'signals']));
  });

  for (const audience of AUDIENCES) {
    const owners = data.petals.flatMap((p, i) => (p.default_for.includes(audience) ? [i] : []));
    if (owners.length === 0) {
      issues.push({
        path: ['petals'],
        message: `no petal is the default for the "${audience}" audience (add "${audience}" to one petal's default_for)`,
      });
    }
    for (const i of owners.slice(1)) {
      issues.push({
        path: ['petals', i, 'default_for'],
        message: `"${audience}" already defaults to ${formatDataPath(['petals', owners[0]!])} ("${data.petals[owners[0]!]!.id}"); an audience has one default petal`,
      });
    }
  }
  return issues;
}

function checkModels(data: ModelsFile): DataIssue[] {
  const issues = duplicateIssues(
    data.models,
    (m) => m.id,
    (i) => ['models', i, 'id'],
  );
  const stages = data.models.flatMap((m, mi) =>
    m.stages.map((s, si) => ({ s, path: ['models', mi, 'stages', si] })),
  );
  issues.push(
    ...duplicateIssues(
      stages,
      (x) => x.s.id,
      (i) => [...stages[i]!.path, 'id'],
      'stage id',
    ),
  );
  const items = stages.flatMap((x) =>
    x.s.checklist.map((c, ci) => ({ c, path: [...x.path, 'checklist', ci] })),
  );
  issues.push(
    ...duplicateIssues(
      items,
      (x) => x.c.id,
      (i) => [...items[i]!.path, 'id'],
      'checklist item id',
    ),
  );

  const reference = data.models.find((m) => m.id === data.default);
  if (!reference) {
    const known = data.models.map((m) => `"${m.id}"`).join(', ');
    issues.push({ path: ['default'], message: `"${data.default}" is not one of the models (${known})` });
  }
  const referenceOrder = new Map(reference?.stages.map((s) => [s.id, s.order]) ?? []);

  data.models.forEach((model, mi) => {
    const at = (si: number, ...rest: (string | number)[]) => ['models', mi, 'stages', si, ...rest];
    issues.push(
      ...duplicateIssues(
        model.stages,
        (s) => String(s.order),
        (si) => at(si, 'order'),
        'order',
      ),
    );
    model.stages.forEach((stage, si) => {
      issues.push(...signalDuplicates(stage.signals, at(si, 'signals')));
      stage.checklist.forEach((item, ci) => {
        if (item.signals) issues.push(...signalDuplicates(item.signals, at(si, 'checklist', ci, 'signals')));
      });
    });
    if (!reference) return;

    if (model === reference) {
      model.stages.forEach((stage, si) => {
        if (stage.equivalent !== undefined && stage.equivalent !== stage.id) {
          issues.push({
            path: at(si, 'equivalent'),
            message: `stages of the default model "${reference.id}" are the reference; remove "equivalent"`,
          });
        }
      });
      return;
    }
    // Equivalents must keep the models' order: a more mature stage never maps to a less mature one.
    let previous: { order: number; si: number } | undefined;
    const byOrder = model.stages
      .map((stage, si) => ({ stage, si }))
      .sort((a, b) => a.stage.order - b.stage.order);
    for (const { stage, si } of byOrder) {
      if (stage.equivalent === undefined) {
        issues.push({
          path: at(si, 'equivalent'),
          message: `required field is missing: which stage of the default model "${reference.id}" this one matches`,
        });
        continue;
      }
      const order = referenceOrder.get(stage.equivalent);
      if (order === undefined) {
        issues.push({
          path: at(si, 'equivalent'),
          message: `"${stage.equivalent}" is not a stage of the default model "${reference.id}" (its stages: ${[...referenceOrder.keys()].join(', ')})`,
        });
        continue;
      }
      if (previous && order < previous.order) {
        issues.push({
          path: at(si, 'equivalent'),
          message: `"${stage.equivalent}" is less mature than the equivalent of ${formatDataPath(at(previous.si))}; equivalents must follow the stage order`,
        });
      }
      previous = { order, si };
    }
  });
  return issues;
}

function checkMotivators(data: MotivatorsFile, petals: PetalsFile): DataIssue[] {
  const issues = duplicateIssues(
    data.motivators,
    (m) => m.id,
    (i) => ['motivators', i, 'id'],
  );
  issues.push(
    ...duplicateIssues(
      data.motivators,
      (m) => m.name,
      (i) => ['motivators', i, 'name'],
      'name',
      lower,
    ),
  );
  const petalIds = new Set(petals.petals.map((p) => p.id));
  data.motivators.forEach((m, i) => {
    issues.push(...signalDuplicates(m.signals, ['motivators', i, 'signals']));
    issues.push(
      ...duplicateIssues(
        m.petals,
        (p) => p,
        (pi) => ['motivators', i, 'petals', pi],
        'petal',
      ),
    );
    m.petals.forEach((petal, pi) => {
      if (!petalIds.has(petal)) {
        issues.push({
          path: ['motivators', i, 'petals', pi],
          message: `unknown petal "${petal}" (petals in ${TAXONOMY_FILES.petals}: ${[...petalIds].join(', ')})`,
        });
      }
    });
  });
  return issues;
}

function signalDuplicates(signals: readonly string[], at: (string | number)[]): DataIssue[] {
  return duplicateIssues(
    signals,
    (s) => s,
    (i) => [...at, i],
    'signal',
    lower,
  );
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Builds the lookups over already-checked data; undefined when `modelId` names no model. */
function buildTaxonomy(
  petalsData: PetalsFile,
  modelsData: ModelsFile,
  motivatorsData: MotivatorsFile,
  modelId: string | undefined,
): Taxonomy | undefined {
  const petals: Petal[] = petalsData.petals.map((p, index) => ({
    id: p.id,
    name: p.name,
    summary: p.summary,
    description: p.description,
    signals: p.signals,
    defaultFor: p.default_for,
    ...(p.color ? { color: p.color } : {}),
    ...(p.emoji ? { emoji: p.emoji } : {}),
    index,
  }));
  const models: MaturityModel[] = modelsData.models.map((m) => ({
    id: m.id,
    name: m.name,
    description: m.description,
    ...(m.source ? { source: m.source } : {}),
    stages: [...m.stages]
      .sort((a, b) => a.order - b.order)
      .map((s) => ({
        id: s.id,
        modelId: m.id,
        order: s.order,
        name: s.name,
        summary: s.summary,
        description: s.description,
        signals: s.signals,
        checklist: s.checklist.map((c) => ({
          id: c.id,
          text: c.text,
          signals: c.signals ?? [],
          stageId: s.id,
          modelId: m.id,
        })),
        equivalent: s.equivalent ?? s.id,
      })),
  }));
  const motivators: Motivator[] = motivatorsData.motivators.map((m, index) => ({
    id: m.id,
    name: m.name,
    summary: m.summary,
    description: m.description,
    signals: m.signals,
    petals: m.petals,
    index,
  }));

  const petalMap = new Map(petals.map((p) => [p.id, p]));
  const motivatorMap = new Map(motivators.map((m) => [m.id, m]));
  const modelMap = new Map(models.map((m) => [m.id, m]));
  const stageMap = new Map(models.flatMap((m) => m.stages.map((s) => [s.id, s] as const)));
  const itemMap = new Map(
    models.flatMap((m) => m.stages.flatMap((s) => s.checklist.map((c) => [c.id, c] as const))),
  );
  const referenceModel = modelMap.get(modelsData.default)!;
  const defaultModel = modelMap.get(modelId ?? modelsData.default);
  if (!defaultModel) return undefined;
  const defaults = new Map(AUDIENCES.map((a) => [a, petals.find((p) => p.defaultFor.includes(a))!]));

  const stageInModel = (stageId: string, targetId: string = defaultModel.id): Stage | undefined => {
    const stage = stageMap.get(stageId);
    const target = modelMap.get(targetId);
    if (!stage || !target) return undefined;
    if (stage.modelId === target.id) return stage;
    const refOrder = stageMap.get(stage.equivalent)!.order;
    // Most mature target stage whose equivalent is not beyond the given stage; on ties, the first one reached.
    let best: Stage | undefined;
    let bestOrder = -1;
    for (const candidate of target.stages) {
      const order = stageMap.get(candidate.equivalent)!.order;
      if (order <= refOrder && order > bestOrder) {
        best = candidate;
        bestOrder = order;
      }
    }
    return best ?? target.stages[0];
  };

  const versions = {
    petals: petalsData.version,
    maturityModels: modelsData.version,
    motivators: motivatorsData.version,
  };
  const distinct = new Set(Object.values(versions));
  const version =
    distinct.size === 1
      ? versions.petals
      : `petals@${versions.petals}+maturity-models@${versions.maturityModels}+motivators@${versions.motivators}`;
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([petalsData, modelsData, motivatorsData]))
    .digest('hex')
    .slice(0, 16);

  return {
    version,
    versions,
    fingerprint,
    petals,
    models,
    referenceModel,
    defaultModel,
    motivators,
    petalById: (id) => petalMap.get(id),
    motivatorById: (id) => motivatorMap.get(id),
    modelById: (id) => modelMap.get(id),
    stageById: (id) => stageMap.get(id),
    checklistItemById: (id) => itemMap.get(id),
    defaultPetalFor: (audience) => defaults.get(audience)!,
    stageInModel,
  };
}
