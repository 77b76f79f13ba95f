/**
 * Member ids by workspace and platform user id, as SQLite's store has seen them. A member's id
 * never changes and member rows are never deleted, so a remembered id lets a request read its
 * member by primary key instead of through the (workspace, platform id) index: the costliest
 * read of a click on a large database. The store forgets them all when a rollback may have
 * undone a member's creation. At most `limit` are kept; past it the oldest go first.
 */
export class MemberIds {
  private readonly ids = new Map<string, number>();

  constructor(private readonly limit = 100_000) {}

  get(workspaceId: number, externalId: string): number | undefined {
    return this.ids.get(key(workspaceId, externalId));
  }

  remember(workspaceId: number, externalId: string, id: number): void {
    const k = key(workspaceId, externalId);
    if (this.ids.has(k)) return;
    if (this.ids.size >= this.limit) this.ids.delete(this.ids.keys().next().value!);
    this.ids.set(k, id);
  }

  forget(workspaceId: number, externalId: string): void {
    this.ids.delete(key(workspaceId, externalId));
  }

  clear(): void {
    this.ids.clear();
  }

  get size(): number {
    return this.ids.size;
  }
}

const key = (workspaceId: number, externalId: string) => `${workspaceId}\u0000${externalId}`;
