/**
 * Who may change a server's Newsdesk setup: members with Manage Server, Manage Channels or
 * Administrator, read from the permissions bitfield Discord sends with each interaction.
 */
import { PermissionFlagsBits } from 'discord.js';

const MANAGER_BITS = PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageChannels;

/** True when the bitfield (decimal string or bigint, as Discord sends it) grants a manager permission. */
export function canManage(permissions: string | bigint | null | undefined): boolean {
  if (permissions === null || permissions === undefined || permissions === '') return false;
  let bits: bigint;
  try {
    bits = typeof permissions === 'bigint' ? permissions : BigInt(permissions);
  } catch {
    return false;
  }
  return (bits & MANAGER_BITS) !== 0n;
}
