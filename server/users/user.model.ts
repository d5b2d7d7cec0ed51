import { Schema, type Connection, type Types } from 'mongoose';

/** A team member. `passwordHash` is scrypt (server/users/password.ts); it never leaves the server. */
const userSchema = new Schema(
  {
    name: { type: String, required: true },
    email: { type: String, required: true },
    emailLower: { type: String, required: true, unique: true },
    role: { type: String, enum: ['admin', 'rep'], required: true },
    color: { type: String, required: true },
    active: { type: Boolean, required: true },
    passwordHash: { type: String, required: true },
    version: { type: Number, required: true },
    /** Field to the version that last changed it, for the stale-version rule of PATCH (users stored before it have none). */
    fieldVersions: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'users', versionKey: false },
);

export const userModel = (connection: Connection) => connection.model('User', userSchema);
export type UserModel = ReturnType<typeof userModel>;

export interface UserDoc {
  _id: Types.ObjectId;
  name: string;
  email: string;
  emailLower: string;
  role: 'admin' | 'rep';
  color: string;
  active: boolean;
  passwordHash: string;
  version: number;
  fieldVersions?: Record<string, number>;
  createdAt: Date;
  updatedAt: Date;
}
