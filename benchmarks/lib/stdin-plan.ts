/** A load generator's plan, read as JSON from its stdin (see load-process.ts for why stdin). */
export async function readPlan<Plan>(): Promise<Plan> {
  let text = '';
  for await (const chunk of process.stdin) text += (chunk as Buffer).toString();
  return JSON.parse(text || '{}') as Plan;
}
