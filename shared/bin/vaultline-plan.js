#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the tool needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runPlanTool } = await import('../src/plan/plan-tool.ts');
process.exitCode = await runPlanTool(process.argv.slice(2));
