/**
 * Colours of every chart: a light card that reads on Discord's and Slack's dark and light
 * themes alike. Series colours are a blue and an orange that colour-blind readers tell apart;
 * meaning is never carried by colour alone (labels, marks and the alt text say it too).
 */
export const THEME = {
  background: "#f4f6fb",
  panel: "#ffffff",
  border: "#dde3ee",
  grid: "#e9edf4",
  text: "#1c2433",
  muted: "#5d6b82",
  faint: "#a3aec2",
  points: "#2f6fdf",
  accuracy: "#e0701b",
  right: "#1e8a4c",
  rightSoft: "#d5f0df",
  wrong: "#8c9ab0",
  track: "#e6eaf2",
  studied: "#2f6fdf",
  notStudied: "#e6eaf2",
  gold: "#d9a400",
  silver: "#8f9bb0",
  bronze: "#b8743a",
} as const;
