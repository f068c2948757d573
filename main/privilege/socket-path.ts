/** The app listens here for the sudo-prompt method, and the helper dials it: /run/user/<uid>/cowshed/helper.sock. */
export const socketPathFor = (uid: number): string => `/run/user/${uid}/cowshed/helper.sock`;
