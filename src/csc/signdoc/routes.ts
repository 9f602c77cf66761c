/**
 * The signing routes a SAD probe takes (issue 19): the method the provider signs through
 * (session.ts signingMethod) and, where `info` lists signatures/signDoc beside signHash, signDoc
 * too — v2 §11.11 takes the same SAD (or credential token) as §11.10, so its single use, expiry
 * and binding to credential and user are the same requirement on a second door. A check makes
 * one observation per route, naming the method; a provider faulty on one door alone fails.
 */
import type { CscReply } from "../client.ts";
import type { CredentialDescription } from "../credentials.ts";
import { signDoc, signHash, type SignRequest } from "../activation.ts";
import { infoMethods, type CscSession } from "../session.ts";
import type { Transcript } from "../transcript.ts";
import { signingRoutesOf, type SigningRoute } from "../signing-method.ts";

export type { SigningRoute };

/** The routes to probe, the provider's signing method first. */
export function signingRoutes(session: CscSession): SigningRoute[] {
  return signingRoutesOf(infoMethods(session));
}

/** Whether signDoc is a second route beside signHash (its probes then cost one authorization more, never a code more where a single-factor credential serves). */
export function signDocBeside(session: CscSession): boolean {
  return signingRoutes(session).length > 1;
}

/** Signs through the given route (signDoc: CAdES detached, one documentDigests entry per hash). */
export function signVia(route: SigningRoute, session: CscSession, t: Transcript, c: CredentialDescription, r: SignRequest, signal?: AbortSignal): Promise<CscReply> {
  const step = `${r.step} (${route})`;
  return route === "signatures/signDoc" ? signDoc(session, t, c, { ...r, step }, signal) : signHash(session, t, c, { ...r, step }, signal);
}

/** `where` of an observation about a route. */
export function routeWhere(session: CscSession, route: SigningRoute, step: string): string {
  return `${session.client.baseUrl}/${route} (${step})`;
}
