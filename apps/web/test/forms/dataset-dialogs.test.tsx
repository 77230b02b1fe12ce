// @vitest-environment happy-dom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Dataset } from '@tfbench/contract';
import { describe, expect, it } from 'vitest';
import { DatasetSyntheticDialog, DatasetUploadDialog } from '@/components/datasets/dataset-dialogs';
import { type Answer, apiServerForFile, type ReceivedRequest, validationError } from '../helpers/api-server';

let answer: (request: ReceivedRequest) => Answer = () => ({ status: 500 });
const api = apiServerForFile((req) => answer(req));

const DATASET: Dataset = {
  id: 3,
  name: 'prompts',
  key: null,
  source: 'csv',
  row_count: 2,
  fields: ['prompt'],
  synthetic: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
};

function renderUpload() {
  const created: Dataset[] = [];
  render(<DatasetUploadDialog open onOpenChange={() => undefined} onCreated={(d) => created.push(d)} />);
  return { created, dialog: screen.getByRole('dialog', { name: 'Upload a dataset' }) };
}

describe('DatasetUploadDialog', () => {
  it('sends the file as a multipart form, its name from the file, the format left to the server', async () => {
    const user = userEvent.setup({ delay: null });
    answer = () => ({ status: 201, body: DATASET });
    const { created, dialog } = renderUpload();
    const file = new File(['prompt\nhello\nbye\n'], 'prompts.csv', { type: 'text/csv' });
    await user.upload(within(dialog).getByLabelText('File', { exact: false }), file);
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));
    await expect.poll(() => created).toEqual([DATASET]);
    const [sent] = api.sent('POST', '/api/v1/datasets');
    expect(sent?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const body = String(sent?.body);
    expect(body).toMatch(/name="name"\r\n\r\nprompts\r\n/);
    expect(body).toMatch(/name="file"; filename="prompts.csv"/);
    expect(body).toContain('prompt\nhello\nbye\n');
    expect(body).not.toMatch(/name="format"/);
  });

  it('shows the line-numbered parse error under the file and stays open', async () => {
    const user = userEvent.setup({ delay: null });
    answer = () => validationError({ file: 'line 3: 1 fields where the header has 2' });
    const { created, dialog } = renderUpload();
    await user.upload(
      within(dialog).getByLabelText('File', { exact: false }),
      new File(['a,b\n1,2\n3\n'], 'bad.csv'),
    );
    await user.type(within(dialog).getByLabelText('Name'), 'Bad one');
    await user.click(within(dialog).getByRole('combobox', { name: 'Format' }));
    await user.click(await screen.findByRole('option', { name: /^CSV/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));
    expect(await within(dialog).findByText('line 3: 1 fields where the header has 2')).toBeTruthy();
    expect(created).toEqual([]);
    expect(String(api.sent('POST', '/api/v1/datasets')[0]?.body)).toMatch(/name="format"\r\n\r\ncsv\r\n/);
  });

  it('asks for a file before sending anything', async () => {
    const user = userEvent.setup({ delay: null });
    const { dialog } = renderUpload();
    await user.click(within(dialog).getByRole('button', { name: 'Upload' }));
    expect(await within(dialog).findByText(/Choose a JSONL, CSV or ShareGPT JSON file/)).toBeTruthy();
    expect(api.requests).toEqual([]);
  });
});

describe('DatasetSyntheticDialog', () => {
  it('posts the generator: rows, prompt tokens mean ± sd, output tokens, seed', async () => {
    const user = userEvent.setup({ delay: null });
    answer = () => ({ status: 201, body: { ...DATASET, source: 'synthetic' } });
    const created: Dataset[] = [];
    render(<DatasetSyntheticDialog open onOpenChange={() => undefined} onCreated={(d) => created.push(d)} />);
    const dialog = screen.getByRole('dialog', { name: 'Generate a synthetic dataset' });
    const field = (label: string) => within(dialog).getByLabelText(label, { exact: false });
    await user.type(field('Name'), 'long prompts');
    await user.clear(field('Rows'));
    await user.type(field('Rows'), '50');
    await user.clear(field('Prompt tokens (mean)'));
    await user.type(field('Prompt tokens (mean)'), '1000');
    await user.clear(field('Prompt tokens (± sd)'));
    await user.type(field('Prompt tokens (± sd)'), '100');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    await expect.poll(() => created.length).toBe(1);
    expect(api.sent('POST', '/api/v1/datasets').map((r) => r.body)).toEqual([
      {
        name: 'long prompts',
        synthetic: { rows: 50, prompt_tokens: { mean: 1000, sd: 100 }, output_tokens: 200, seed: 1 },
      },
    ]);
  });

  it('says what is wrong before sending, and places the API’s messages on their fields', async () => {
    const user = userEvent.setup({ delay: null });
    answer = () => validationError({ 'synthetic.output_tokens': 'must be at most 100000' });
    render(<DatasetSyntheticDialog open onOpenChange={() => undefined} onCreated={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Generate a synthetic dataset' });
    const field = (label: string) => within(dialog).getByLabelText(label, { exact: false });
    await user.clear(field('Rows'));
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    expect(await within(dialog).findByText('Give it a name.')).toBeTruthy();
    expect(within(dialog).getByText('How many rows? At least 1.')).toBeTruthy();
    expect(api.requests).toEqual([]);
    await user.type(field('Name'), 'x');
    await user.type(field('Rows'), '5');
    await user.click(within(dialog).getByRole('button', { name: 'Generate' }));
    expect(await within(dialog).findByText('must be at most 100000')).toBeTruthy();
  });
});
