import {
  formatKnowledgeIssues,
  validateKnowledge,
  type KnowledgeDocument,
  type KnowledgeIssue,
  type KnowledgeResult,
} from '../../../src/core/validateKnowledge';
import { loadKnowledgeDir, readKnowledgeDocuments } from '../../../src/knowledge/readKnowledgeDir';
import {
  ALIAS_WITHOUT_PROFILE,
  AREAS_FILE,
  DUPLICATE_FACT_ID,
  DUPLICATE_TOPIC_ID,
  entryWithId,
  FACT_WITH_UNDEFINED_TOPIC,
  FIGURE_WITHOUT_CITATION,
  KnowledgeCopy,
  makeWorkspace,
  MISSING_TOPICS_FILE,
  MISTAKES,
  PLACEHOLDER_WITHOUT_FIGURE,
  PROFILE_FILE,
  REAL_KNOWLEDGE_DIR,
  recordAt,
  recordsAt,
  removeWorkspace,
  TOPIC_WITHOUT_SPANISH_EXAMPLES,
  TOPICS_FILE,
  UNKNOWN_KEY_IN_A_FACT,
  UNKNOWN_POLICY_AREA,
  YAML_SYNTAX_ERROR,
  YEAR_IN_WORDS,
  type ExpectedIssue,
  type Mistake,
} from '../../fixtures/knowledge/brokenKnowledge';

let workspace: string;
beforeAll(() => {
  workspace = makeWorkspace();
});
afterAll(() => {
  removeWorkspace(workspace);
});

function issuesOf(result: KnowledgeResult): readonly KnowledgeIssue[] {
  if (result.ok) throw new Error('expected the knowledge to be invalid, but it validated');
  return result.issues;
}

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

function isMatch(issue: KnowledgeIssue, expected: ExpectedIssue): boolean {
  return (
    issue.file === expected.file &&
    matches(issue.path, expected.path) &&
    matches(issue.expected, expected.expected) &&
    matches(issue.found, expected.found)
  );
}

/** Applies mistakes to one fresh copy of the real knowledge and loads it. */
function loadWith(...mistakes: Mistake[]): {
  result: KnowledgeResult;
  expected: ExpectedIssue[];
  dir: string;
} {
  const copy = new KnowledgeCopy(workspace);
  const expected = mistakes.map((m) => m.apply(copy));
  return { result: loadKnowledgeDir(copy.dir), expected, dir: copy.dir };
}

/** The numbers in a path, for a numeric-aware order ("facts[7]" before "facts[17]"). */
function pathKey(path: string): Array<number | string> {
  return path.split(/(\d+)/).map((part, i) => (i % 2 === 1 ? Number(part) : part));
}

function isSortedIssue(a: KnowledgeIssue, b: KnowledgeIssue): boolean {
  if (a.file !== b.file) return a.file.localeCompare(b.file) < 0;
  const ka = pathKey(a.path);
  const kb = pathKey(b.path);
  for (let i = 0; i < Math.min(ka.length, kb.length); i += 1) {
    const x = ka[i];
    const y = kb[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y;
    return String(x).localeCompare(String(y)) < 0;
  }
  return ka.length <= kb.length;
}

describe('the real knowledge', () => {
  test('validates, with every topic, area and profile', () => {
    const result = loadKnowledgeDir(REAL_KNOWLEDGE_DIR);
    if (!result.ok) throw new Error(formatKnowledgeIssues(result.issues));
    // Mexico City's hand-made profile and the 88 imported from the survey's pages.
    expect(result.kb.profiles).toHaveLength(89);
    expect(result.kb.profiles.map((p) => p.id)).toContain('mexico-city');
    // The data-availability chart's 19 areas, then focus areas cities named.
    expect(result.kb.policyAreas.filter((a) => !a.focusOnly)).toHaveLength(19);
    expect(result.kb.defaultCity).toBe('mexico-city');
    expect(result.kb.topics.filter((t) => t.kind === 'profile').length).toBeGreaterThanOrEqual(22);
  });

  test('a fresh, unedited copy validates too (the copying helper breaks nothing)', () => {
    const copy = new KnowledgeCopy(workspace);
    expect(loadKnowledgeDir(copy.dir).ok).toBe(true);
  });

  test('a copy round-tripped through the YAML writer validates (edits break only what they mean to)', () => {
    const copy = new KnowledgeCopy(workspace);
    for (const file of [PROFILE_FILE, TOPICS_FILE, AREAS_FILE, 'cityAliases.yaml'])
      copy.editYaml(file, () => undefined);
    expect(loadKnowledgeDir(copy.dir).ok).toBe(true);
  });

  test('validates from parsed documents alone, without the file system (the core is pure)', () => {
    const documents = readKnowledgeDocuments(REAL_KNOWLEDGE_DIR);
    expect(validateKnowledge(documents).ok).toBe(true);
  });
});

describe('one mistake', () => {
  test.each(MISTAKES.map((m) => [m.name, m] as const))(
    '%s is reported with its file, path, what was expected and what was found',
    (_name, mistake) => {
      const { result, expected } = loadWith(mistake);
      expect(result.ok).toBe(false);
      const issues = issuesOf(result);
      const [want] = expected;
      if (!want) throw new Error('the mistake said nothing about its issue');
      expect(issues).toContainEqual(expect.objectContaining({ file: want.file }));
      const found = issues.filter((i) => isMatch(i, want));
      if (found.length !== 1)
        throw new Error(
          `expected one issue like ${String(want.path)}, got:\n${formatKnowledgeIssues(issues)}`,
        );
    },
  );

  // Mistakes whose file no other file depends on: the one issue must be the only one.
  test.each(
    [
      UNKNOWN_KEY_IN_A_FACT,
      YEAR_IN_WORDS,
      FACT_WITH_UNDEFINED_TOPIC,
      DUPLICATE_FACT_ID,
      DUPLICATE_TOPIC_ID,
      FIGURE_WITHOUT_CITATION,
      TOPIC_WITHOUT_SPANISH_EXAMPLES,
      YAML_SYNTAX_ERROR,
      UNKNOWN_POLICY_AREA,
      PLACEHOLDER_WITHOUT_FIGURE,
      ALIAS_WITHOUT_PROFILE,
    ].map((m) => [m.name, m] as const),
  )('%s gives exactly one issue', (_name, mistake) => {
    const issues = issuesOf(loadWith(mistake).result);
    expect(issues).toHaveLength(1);
  });

  test('a missing knowledge folder is one issue, not an exception', () => {
    const result = loadKnowledgeDir(`${workspace}/does-not-exist`);
    const issues = issuesOf(result);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: '(folder)', expected: 'a readable knowledge folder' });
  });

  test('an empty knowledge folder names every file it lacks', () => {
    const issues = issuesOf(validateKnowledge([]));
    expect(issues.map((i) => i.file)).toEqual([
      'cities/',
      'cityAliases.yaml',
      'lexicon.yaml',
      'policyAreas.yaml',
      'topics.yaml',
    ]);
  });

  test('a file that did not parse is reported with its parser message', () => {
    const documents: KnowledgeDocument[] = [
      { file: 'topics.yaml', parseError: 'bad indentation of a mapping entry (3:5)' },
    ];
    expect(issuesOf(validateKnowledge(documents))).toContainEqual({
      file: 'topics.yaml',
      path: '(file)',
      expected: 'valid YAML',
      found: 'bad indentation of a mapping entry (3:5)',
    });
  });

  test('a lexicon mistake is reported like the others: file, path, expected, found', () => {
    const copy = new KnowledgeCopy(workspace);
    copy.editYaml('lexicon.yaml', (doc) => {
      const lexicon = doc.lexicon as Record<string, unknown>;
      lexicon.fillers = 'hey';
    });
    const issues = issuesOf(loadKnowledgeDir(copy.dir));
    expect(issues).toContainEqual({
      file: 'lexicon.yaml',
      path: 'lexicon.fillers',
      expected: 'array',
      found: '"hey"',
    });
  });

  test('a phrase that is both "yes" and "no" in the lexicon is reported', () => {
    const copy = new KnowledgeCopy(workspace);
    copy.editYaml('lexicon.yaml', (doc) => {
      const acts = (doc.lexicon as Record<string, unknown>).acts as Record<string, unknown[]>;
      acts.deny = [...(acts.deny ?? []), 'Yes'];
    });
    expect(issuesOf(loadKnowledgeDir(copy.dir))).toContainEqual(
      expect.objectContaining({
        file: 'lexicon.yaml',
        expected: 'a phrase that is not also in lexicon.acts.affirm',
        found: '"Yes"',
      }),
    );
  });

  test('two unknown keys on one object are named together', () => {
    const copy = new KnowledgeCopy(workspace);
    copy.editYaml(PROFILE_FILE, (doc) => {
      const { entry } = entryWithId(recordsAt(doc, 'facts'), 'mayor');
      entry.anwser = 'x';
      entry.colour = 'red';
    });
    expect(issuesOf(loadKnowledgeDir(copy.dir))).toContainEqual(
      expect.objectContaining({ found: 'unknown keys "anwser", "colour"' }),
    );
  });
});

describe('several mistakes at once', () => {
  const together = [
    YAML_SYNTAX_ERROR,
    FIGURE_WITHOUT_CITATION,
    PLACEHOLDER_WITHOUT_FIGURE,
    FACT_WITH_UNDEFINED_TOPIC,
    UNKNOWN_POLICY_AREA,
    DUPLICATE_FACT_ID,
    TOPIC_WITHOUT_SPANISH_EXAMPLES,
    DUPLICATE_TOPIC_ID,
  ];

  test('are all reported, one issue each', () => {
    const { result, expected } = loadWith(...together);
    const issues = issuesOf(result);
    for (const want of expected) expect(issues.filter((i) => isMatch(i, want))).toHaveLength(1);
    expect(issues).toHaveLength(expected.length);
  });

  test('are sorted by file, then by path with list indexes in numeric order', () => {
    const issues = issuesOf(loadWith(...together).result);
    for (let i = 1; i < issues.length; i += 1) {
      const [a, b] = [issues[i - 1], issues[i]];
      if (a && b && !isSortedIssue(a, b))
        throw new Error(`out of order:\n${formatKnowledgeIssues([a, b])}`);
    }
    // facts[7] must come before facts[17]: a plain string sort would put it after.
    const profilePaths = issues.filter((i) => i.file === PROFILE_FILE).map((i) => i.path);
    const index = (id: string): number => profilePaths.findIndex((p) => p.includes(`(id "${id}")`));
    expect(index('explicit-strategy')).toBeLessThan(index('dedicated-funding'));
  });

  test('are found in the same order whatever order the files are read in', () => {
    const { dir } = loadWith(...together);
    const documents = readKnowledgeDocuments(dir);
    const forward = issuesOf(validateKnowledge(documents));
    const backward = issuesOf(validateKnowledge([...documents].reverse()));
    expect(backward).toEqual(forward);
  });

  // Was a bug: a profile that fails its schema is left out of the cross-file checks, so a
  // duplicate fact id (or a missing citation) in the same file is only reported after
  // the schema mistake is fixed: not "every issue in every file at once".
  test('a schema mistake and a cross-file mistake in the same file are both reported', () => {
    const { result, expected } = loadWith(UNKNOWN_KEY_IN_A_FACT, DUPLICATE_FACT_ID);
    const issues = issuesOf(result);
    for (const want of expected) expect(issues.filter((i) => isMatch(i, want))).toHaveLength(1);
  });
});

describe('a broken file does not make the files that refer to it look broken', () => {
  test('a broken profile does not make its aliases look like aliases of a missing city', () => {
    const { result } = loadWith(UNKNOWN_KEY_IN_A_FACT);
    expect(issuesOf(result).map((i) => i.file)).toEqual([PROFILE_FILE]);
  });

  // Was a bug: when topics.yaml or policyAreas.yaml cannot be read or validated, every fact
  // (25) or every data item (19) of the profile is reported as naming an undefined
  // topic or policy area, burying the one real mistake. The profile side already avoids
  // this (brokenProfileIds); topics and policy areas need the same.
  test.each([
    [
      'an unknown key in topics.yaml',
      TOPICS_FILE,
      (copy: KnowledgeCopy) =>
        copy.editYaml(TOPICS_FILE, (doc) => {
          entryWithId(recordsAt(doc, 'topics'), 'chat.thanks').entry.anwser = 'x';
        }),
    ],
    [
      'a YAML syntax error in topics.yaml',
      TOPICS_FILE,
      (copy: KnowledgeCopy) => copy.editText(TOPICS_FILE, 'topics:', 'topics: ['),
    ],
    [
      'a missing topics.yaml',
      TOPICS_FILE,
      (copy: KnowledgeCopy) => MISSING_TOPICS_FILE.apply(copy),
    ],
    [
      'an unknown key in policyAreas.yaml',
      AREAS_FILE,
      (copy: KnowledgeCopy) =>
        copy.editYaml(AREAS_FILE, (doc) => {
          entryWithId(recordsAt(doc, 'policyAreas'), 'housing').entry.colour = 'red';
        }),
    ],
    [
      'a YAML syntax error in the profile',
      PROFILE_FILE,
      (copy: KnowledgeCopy) => copy.editText(PROFILE_FILE, 'facts:', 'facts: ['),
    ],
  ])('%s is reported in %s only', (_name, file, breakIt) => {
    const copy = new KnowledgeCopy(workspace);
    breakIt(copy);
    const issues = issuesOf(loadKnowledgeDir(copy.dir));
    expect(issues.length).toBeGreaterThan(0);
    expect([...new Set(issues.map((i) => i.file))]).toEqual([file]);
  });
});

describe('how issues read', () => {
  test('formatKnowledgeIssues gives two lines per issue: "file > path", then what was expected and found', () => {
    const issues: KnowledgeIssue[] = [
      {
        file: 'cities/mexico-city.yaml',
        path: 'facts[1] (id "population") > figures[0].year',
        expected: 'a year between 1900 and 2100',
        found: '"twenty-twenty"',
      },
      {
        file: 'topics.yaml',
        path: '(file)',
        expected: 'valid YAML',
        found: 'bad indentation (3:5)',
      },
    ];
    expect(formatKnowledgeIssues(issues).split('\n')).toEqual([
      'cities/mexico-city.yaml > facts[1] (id "population") > figures[0].year',
      '  expected a year between 1900 and 2100, found "twenty-twenty"',
      'topics.yaml > (file)',
      '  expected valid YAML, found bad indentation (3:5)',
    ]);
  });

  test('formatKnowledgeIssues of no issues is empty', () => {
    expect(formatKnowledgeIssues([])).toBe('');
  });

  test('a real broken knowledge base formats to two lines per issue', () => {
    const issues = issuesOf(loadWith(FIGURE_WITHOUT_CITATION, ALIAS_WITHOUT_PROFILE).result);
    const lines = formatKnowledgeIssues(issues).split('\n');
    expect(lines).toHaveLength(issues.length * 2);
    lines.forEach((line, i) =>
      expect(line).toMatch(i % 2 === 0 ? /^\S.* > .+$/ : /^ {2}expected .+, found .+$/),
    );
  });

  test('an issue names the found value, not just its type', () => {
    const copy = new KnowledgeCopy(workspace);
    copy.editYaml(PROFILE_FILE, (doc) => {
      const fact = entryWithId(recordsAt(doc, 'facts'), 'population').entry;
      const figure = recordsAt(fact, 'figures')[0];
      if (figure) figure.unit = 'percent';
    });
    const [issue] = issuesOf(loadKnowledgeDir(copy.dir));
    expect(issue?.found).toBe('"percent"');
    expect(issue?.expected).toContain('"percent-of-cities"');
  });

  // Was a bug: schema messages already start with "expected", and the issue puts that message
  // in `expected`, so the output reads "expected expected a year between 1900 and 2100".
  test('a schema issue states what was expected once, without repeating "expected"', () => {
    const issues = issuesOf(loadWith(YEAR_IN_WORDS).result);
    expect(issues[0]?.expected).toBe('a year between 1900 and 2100');
    expect(formatKnowledgeIssues(issues)).not.toContain('expected expected');
  });

  // Was a bug: schema paths render as `figures[0] (id "population") > year`, while the style
  // guide (and the cross-file checks' own `text.en`, `items[3].policyArea`) write a key
  // after its object with a dot: `facts[1] (id "population") > figures[0].year`.
  test('a schema issue renders its path the way the style guide shows it', () => {
    const { result } = loadWith(YEAR_IN_WORDS);
    expect(issuesOf(result)[0]?.path).toBe('facts[1] (id "population") > figures[0].year');
  });

  // Same bug, seen as an inconsistency: one place in one file, two spellings of its path.
  test('a schema issue and a cross-file issue at the same place have the same path', () => {
    const copy = new KnowledgeCopy(workspace);
    copy.editYaml(PROFILE_FILE, (doc) => {
      recordAt(entryWithId(recordsAt(doc, 'facts'), 'mayor').entry, 'text').es = ' ';
    });
    const schemaPath = issuesOf(loadKnowledgeDir(copy.dir))[0]?.path;
    const crossPath = PLACEHOLDER_WITHOUT_FIGURE.apply(new KnowledgeCopy(workspace)).path;
    expect(typeof crossPath === 'string' && crossPath.endsWith(' > text.en')).toBe(true);
    expect(schemaPath).toBe('facts[0] (id "mayor") > text.es');
  });

  // Was a bug: a profileUrl that is not a URL fails both the url check and the https refine,
  // and both are reported: the same mistake appears twice.
  test('one mistake in one value is reported once', () => {
    const copy = new KnowledgeCopy(workspace);
    copy.editYaml(PROFILE_FILE, (doc) => {
      doc.profileUrl = 'cities-innovation-oecd.com/cities/mexico-city-mex';
    });
    expect(issuesOf(loadKnowledgeDir(copy.dir))).toHaveLength(1);
  });
});
