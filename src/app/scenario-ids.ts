/**
 * Every governance scenario, in the order the app, the overview and the wall carousel show them.
 * Adding a scenario: its folder `src/features/<id>/` (with `scenario.tsx` for the page and
 * `worker.ts` for the feed worker) and one line here (docs/architecture.md).
 */
export const SCENARIO_IDS: readonly string[] = [
  'tickets', //
  'traffic',
  'environment',
  'inspection',
];

/** The modules of the listed scenarios, in registry order; a listed id without its module is an error. */
export function pickScenarioModules<M>(modules: Record<string, M>, file: string): M[] {
  return SCENARIO_IDS.map((id) => {
    const module = modules[`../features/${id}/${file}`];
    if (!module) throw new Error(`scenario ${id} has no src/features/${id}/${file}`);
    return module;
  });
}
