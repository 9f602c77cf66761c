/**
 * The CLI's exit codes (design §5), on their own so that command modules need not import main.ts
 * (which loads them): 0 conformant/intact/valid · 1 the target falls short · 2 usage or input
 * error · 3 could not finish.
 */
export type ExitCode = 0 | 1 | 2 | 3;
