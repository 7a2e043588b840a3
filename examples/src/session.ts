export interface Session {
  user: string;
  startedAt: number;
  ttlMs: number;
}

export function createSession(user: string, startedAt = Date.now()): Session {
  return { user, startedAt, ttlMs: 30 * 60 * 1000 };
}

export function isExpired(session: Session, now = Date.now()): boolean {
  return now - session.startedAt >= session.ttlMs;
}
