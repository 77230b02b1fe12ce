/**
 * The automation and scenario form dialogs rendered as their list pages open them (saving
 * through the real API client to the file's API server), and what their tests read from them.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Automation, Scenario } from '@tfbench/contract';
import type { ReactElement } from 'react';
import { AutomationFormDialog } from '@/components/automations/automation-form';
import { ScenarioFormDialog } from '@/components/scenarios/scenario-form';
import { mutations } from '@/lib/api';

/** A rendered form dialog: a user to drive it, its fields by label, and what it saved or closed. */
export interface RenderedForm<T> {
  user: ReturnType<typeof userEvent.setup>;
  dialog: HTMLElement;
  /** The control whose label contains `label`. */
  field: (label: string) => HTMLElement;
  /** Presses the dialog's submit button ("Save changes" when editing). */
  submit: (name?: string) => Promise<void>;
  saved: T[];
  /** One `true` per time the dialog asked to close. */
  closed: boolean[];
}

/** What every item form dialog takes besides its item and its save call. */
interface DialogProps<T> {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (saved: T) => void;
}

/** Renders `dialog` open, recording what it saves and when it asks to close. */
function renderDialog<T>(title: string, dialog: (props: DialogProps<T>) => ReactElement): RenderedForm<T> {
  const saved: T[] = [];
  const closed: boolean[] = [];
  render(
    dialog({ open: true, onOpenChange: (open) => closed.push(!open), onSaved: (item) => saved.push(item) }),
  );
  const user = userEvent.setup({ delay: null });
  const element = screen.getByRole('dialog', { name: title });
  return {
    user,
    dialog: element,
    field: (label) => within(element).getByLabelText(label, { exact: false }),
    submit: (name = 'Save changes') => user.click(within(element).getByRole('button', { name })),
    saved,
    closed,
  };
}

/** The automation form, editing `automation`, or creating one without. */
export function renderAutomationForm(automation?: Automation): RenderedForm<Automation> {
  return renderDialog(automation ? `Edit ${automation.name}` : 'New automation', (props) => (
    <AutomationFormDialog
      {...props}
      automation={automation}
      save={(body) =>
        automation ? mutations.updateAutomation(automation.id, body) : mutations.createAutomation(body)
      }
    />
  ));
}

/** The scenario form over `automations`, editing `scenario`, or creating one without. */
export function renderScenarioForm(automations: Automation[], scenario?: Scenario): RenderedForm<Scenario> {
  return renderDialog(scenario ? `Edit ${scenario.name}` : 'New scenario', (props) => (
    <ScenarioFormDialog
      {...props}
      scenario={scenario}
      automations={automations}
      save={(body) =>
        scenario ? mutations.updateScenario(scenario.id, body) : mutations.createScenario(body)
      }
    />
  ));
}

/** The elements a control points to with aria-describedby: its hint, then its error. */
export function describedBy(control: HTMLElement): HTMLElement[] {
  return (control.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id))
    .filter((el): el is HTMLElement => el !== null);
}

/** A schedule estimate as the API answers the scenario form's preview, `runs_per_day` a day. */
export function scheduleEstimate(runsPerDay: number) {
  return {
    kind: 'run',
    ticks_per_day: runsPerDay,
    runs_per_tick: 1,
    runs_per_day: runsPerDay,
    cost_per_run_usd: null,
    cost_per_day_usd: null,
    cost_basis: { source: 'none', runs: 0 },
  };
}
