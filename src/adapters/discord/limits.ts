/** Discord's message limits (shared/PLATFORMS.md); discord.js's builders check only some. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  customId: 100,
  buttonLabel: 80,
  buttonsPerRow: 5,
  rows: 5,
  selectOptions: 25,
  selectOptionLabel: 100,
  autocompleteChoices: 25,
  choiceName: 100,
} as const;
