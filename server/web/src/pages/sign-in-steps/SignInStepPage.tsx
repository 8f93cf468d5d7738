import type { SignInStep } from '../../../../../shared/accounts';
import type { MessageKey } from '../../../../../shared/i18n';
import type { Viewer } from '../../api';
import { useI18n } from '../../i18n';
import type { Session } from '../own-account/own-account-api';
import { EnrolTotpStep } from './EnrolTotpStep';
import { NewPasswordStep } from './NewPasswordStep';
import { StepLayout } from './StepLayout';
import { TotpStep } from './TotpStep';

const TITLES: Record<SignInStep, MessageKey> = {
  totp: 'signInStep.totpTitle',
  enrol_totp: 'signInStep.enrolTitle',
  change_password: 'signInStep.newPasswordTitle',
};

interface SignInStepPageProps {
  step: SignInStep;
  viewer: Viewer;
  district: string;
  /** The step is taken: the session is a full one now, or has the next step (a new password, then enrolment). */
  onDone(session: Session): void;
  onSignOut(): void;
}

/** The one page a pending session reaches: the step the server named. */
export function SignInStepPage({ step, viewer, district, onDone, onSignOut }: SignInStepPageProps) {
  const { t } = useI18n();
  return (
    <StepLayout viewer={viewer} district={district} title={t(TITLES[step])} onSignOut={onSignOut}>
      {step === 'totp' && <TotpStep onDone={onDone} />}
      {step === 'enrol_totp' && <EnrolTotpStep viewer={viewer} onDone={onDone} />}
      {step === 'change_password' && <NewPasswordStep onDone={onDone} />}
    </StepLayout>
  );
}
