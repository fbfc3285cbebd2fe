/** Tag colours whose text keeps AA contrast on the pale background Ant Design derives from them. */
export const TAG_COLOUR = { green: '#237804', red: '#a8071a', gold: '#874d00' } as const;
