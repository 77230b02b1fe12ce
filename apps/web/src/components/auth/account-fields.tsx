import { InputField } from '@/components/ui/input-field';
import { PASSWORD_MIN } from '@/lib/auth/form-errors';

interface AccountFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}

/**
 * An account's email, as the browser's password manager recognises it (`username`). Marked
 * required except on the sign-in form, whose two fields both are and say so by the button.
 */
export function EmailField({
  autoFocus = false,
  autoComplete = 'username',
  required = true,
  ...props
}: AccountFieldProps & { autoFocus?: boolean; autoComplete?: 'username' | 'off'; required?: boolean }) {
  return (
    <InputField
      label="Email"
      type="email"
      name="email"
      autoComplete={autoComplete}
      autoFocus={autoFocus}
      required={required}
      {...props}
    />
  );
}

/** A password being chosen (setup, a new user, a reset), with the API's length rule as its hint. */
export function NewPasswordField(props: AccountFieldProps) {
  return (
    <InputField
      label="Password"
      hint={`At least ${PASSWORD_MIN} characters.`}
      type="password"
      name="password"
      autoComplete="new-password"
      required
      {...props}
    />
  );
}
