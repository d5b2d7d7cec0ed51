import type { User, UserPatch } from '../../../shared/user.js';
import { ApiError, describeError } from '../api.js';
import { roleInSentence } from '../format/people.js';

/** A change waiting for the admin's confirmation (a role, activity, or a new password). */
export interface Pending {
  user: User;
  patch: UserPatch;
  /** The control to give the focus back to when the dialog closes. */
  returnFocus?: HTMLElement | undefined;
}

/** What the password reset field says before a new password is long enough. */
export const PASSWORD_HINT = 'At least 10 characters; not one of the most common passwords.';

/** A user's fields as a conflict message names them. */
const USER_FIELD_WORDS: Record<string, string> = { name: 'name', role: 'role', active: 'access (active or deactivated)', color: 'colour', password: 'password', email: 'email' };

/** What an admin reads when a change to a team member was refused. */
export function teamProblem(error: unknown, user: User, patch: UserPatch): string {
  if (error instanceof ApiError) {
    if (error.status === 422 && error.problem.errors?.some((e) => /without an admin/.test(e.message))) {
      return patch.active === false
        ? `${user.name} is the last admin, and the last admin can't be deactivated. Make someone else an admin first.`
        : `${user.name} is the last admin, and the last admin can't be demoted. Make someone else an admin first.`;
    }
    if (error.status === 412) {
      const current = error.problem.current as User | undefined;
      const fields = error.problem.conflicts ?? Object.keys(patch);
      const what = fields.map((f) => USER_FIELD_WORDS[f] ?? f).join(' and ');
      const now = current ? ` It is now: ${current.name}, ${roleInSentence(current.role)}${current.active ? '' : ', deactivated'}.` : '';
      return `${user.name} was not changed: another admin changed their ${what} a moment ago.${now} Check the list and make your change again if it is still needed.`;
    }
    if (error.status === 403) return 'Only admins can change the team, and you are no longer one. Ask an admin if you need this.';
    if (error.status === 404) return `${user.name} is no longer on the team.`;
  }
  return `${user.name} was not changed. ${describeError(error)}`;
}

/** What the confirmation dialog says for a change. */
export interface ConfirmText {
  heading: string;
  body: string;
  label: string;
  danger: boolean;
}

/** The dialog's words for a pending change (`me`: the signed-in admin's id; a change to oneself says so). */
export function confirmText(pending: Pending, me: string | undefined): ConfirmText {
  const { user, patch } = pending;
  const self = user.id === me;
  if (patch.active === false) {
    return {
      heading: self ? 'Deactivate your own account?' : `Deactivate ${user.name}?`,
      body: self
        ? 'You are signed out at once and can no longer sign in. Another admin can reactivate you.'
        : `${user.name} is signed out everywhere at once and can no longer sign in or use API tokens. Their customers and history stay. You can reactivate them later.`,
      label: 'Deactivate',
      danger: true,
    };
  }
  if (patch.active === true) {
    return { heading: `Reactivate ${user.name}?`, body: `${user.name} can sign in again with their password, and their API tokens work again.`, label: 'Reactivate', danger: false };
  }
  if (patch.password !== undefined) {
    return {
      heading: `Reset ${user.name}'s password?`,
      body: `${user.name} is signed out everywhere at once and signs in again with the new password. Their API tokens keep working.`,
      label: 'Reset password',
      danger: false,
    };
  }
  if (self) {
    return {
      heading: patch.role === 'rep' ? 'Make yourself a sales rep?' : 'Change your role?',
      body: patch.role === 'rep' ? 'You will no longer be able to add team members or change their roles.' : 'Your role changes for every device you are signed in on.',
      label: 'Change my role',
      danger: patch.role === 'rep',
    };
  }
  const role = patch.role ?? user.role;
  return {
    heading: `Make ${user.name} ${roleInSentence(role)}?`,
    body:
      role === 'admin'
        ? `${user.name} will be able to add team members, change roles, reset passwords and deactivate people.`
        : `${user.name} will no longer be able to manage the team.`,
    label: role === 'admin' ? 'Make admin' : 'Make sales rep',
    danger: false,
  };
}
