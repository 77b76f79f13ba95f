import type { Env, Requester } from "../env.js";
import { UserError } from "../errors.js";
import { userText } from "../user-text.js";
import type { View } from "../views.js";

export const MAX_TEAMS_PER_WORKSPACE = 200;

/** Team names match without regard to case or spacing: "Blue  falcons" joins "Blue Falcons". */
export function teamKey(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

export async function joinTeam(env: Env, r: Requester, name: string): Promise<View[]> {
  return env.store.transaction(async () => {
    const key = teamKey(name);
    let team = await env.store.findTeam(r.workspaceId, key);
    if (team && team.id === r.member.teamId) {
      throw new UserError(`You are already in **${userText(team.name)}**.`);
    }
    if (!team) {
      if ((await env.store.listTeams(r.workspaceId)).length >= MAX_TEAMS_PER_WORKSPACE) {
        throw new UserError(
          "This workspace has as many teams as it can have; join an existing one.",
        );
      }
      team = await env.store.createTeam(r.workspaceId, name, key, r.now);
    }
    const previous = r.member.teamId === null ? null : await env.store.getTeam(r.member.teamId);
    await env.store.setMemberTeam(r.member.id, team.id);
    await env.store.deleteEmptyTeams(r.workspaceId);
    const left = previous ? ` You left **${userText(previous.name)}**.` : "";
    return [
      {
        ephemeral: false,
        tone: "success",
        text: `${userText(r.member.displayName)} joined team **${userText(team.name)}**.${left}`,
      },
    ];
  });
}

export async function leaveTeam(env: Env, r: Requester): Promise<View[]> {
  return env.store.transaction(async () => {
    const team = r.member.teamId === null ? null : await env.store.getTeam(r.member.teamId);
    if (!team)
      throw new UserError("You are not in a team.", `Join one with ${r.cmd("team join <name>")}.`);
    await env.store.setMemberTeam(r.member.id, null);
    await env.store.deleteEmptyTeams(r.workspaceId);
    return [
      {
        ephemeral: false,
        tone: "info",
        text: `${userText(r.member.displayName)} left team **${userText(team.name)}**.`,
      },
    ];
  });
}

export async function listTeams(env: Env, r: Requester): Promise<View[]> {
  const teams = await env.store.listTeams(r.workspaceId);
  const text =
    teams.length === 0
      ? `No teams yet. Start one with ${r.cmd("team join <name>")}.`
      : teams
          .map((t) => `- **${userText(t.name)}**: ${t.members} member${t.members === 1 ? "" : "s"}`)
          .join("\n");
  return [{ ephemeral: true, tone: "info", title: "Teams", text }];
}
