/** The message printed when the desktop app is started as root; null when the user is not root. */
export function rootRefusal(uid: number | undefined): string | null {
  if (uid !== 0) return null;
  return [
    'Cowshed will not open its window as root.',
    'The window runs as your own user; work that needs root (zfs destroy, btrfs subvolume delete, …) goes to',
    'Cowshed\'s small privileged helper, which asks for your password when it is needed.',
    'Start Cowshed again as your normal user. (On a headless machine as root, `cowshed serve` or the CLI work.)',
  ].join('\n');
}
