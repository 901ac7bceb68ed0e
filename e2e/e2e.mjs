// End-to-end test of the built page (dist/) in headless Chromium, driven by playwright-core.
// Serves dist/ itself on 127.0.0.1, acts as a learner would, saves screenshots to
// e2e/artifacts/, and fails (exit 1) on the first broken expectation.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { root, serveDist } from '../scripts/serve.mjs';

const artifacts = path.join(root, 'e2e', 'artifacts');
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

const { server, base } = await serveDist();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
const page = await context.newPage();

const problems = [];
const outside = [];
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('dialog', async (d) => {
  // The only dialog the app opens itself is the reset confirmation.
  if (d.type() !== 'confirm') problems.push(`unexpected ${d.type()} dialog: ${d.message()}`);
  await d.accept();
});
const requested = [];
page.on('request', (r) => {
  requested.push(r.url());
  const u = new URL(r.url());
  if (u.origin !== new URL(base).origin && !['data:', 'blob:'].includes(u.protocol)) outside.push(r.url());
});
// Every Content-Security-Policy violation is recorded, from the first script on.
await context.addInitScript(() => {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
});

let step = 0;
async function shot(name) {
  step += 1;
  await page.screenshot({ path: path.join(artifacts, `${String(step).padStart(2, '0')}-${name}.png`) });
}
function check(cond, what) {
  if (!cond) throw new Error(`expectation failed: ${what}`);
  console.log(`ok - ${what}`);
}
const rowState = (name) => page.locator('#instances-table tbody tr', { hasText: name }).first().locator('.state');

try {
  await page.goto(base);
  await page.locator('#launch-form').waitFor();
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('#launch-form').waitFor();
  check(await page.locator('#instances-empty').isVisible(), 'a fresh world has no instances');
  check(!requested.some((u) => /split_cli-/.test(u)), 'the page opens without the terminal chunk: it is fetched on first use');
  check(!requested.some((u) => /split_pages-/.test(u)), 'the page opens on Instances without the other pages\' chunk');
  check(!requested.some((u) => /\/models\/[a-z0-9]+\.json$/.test(u)), 'the page opens without botocore\'s models: the terminal fetches them');
  await shot('fresh');

  // The terminal's CLI is a chunk fetched after the page opens (src/cli_chunk.rs): a failed
  // fetch is said in the terminal, and the next line fetches it again and runs every line
  // typed meanwhile, in order.
  {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p = await ctx.newPage();
    let block = true;
    const fetched = [];
    await p.route(/\/split_cli-[0-9a-f]+\.wasm$/, (r) => { fetched.push(block); return block ? r.abort() : r.continue(); });
    await p.goto(base);
    await p.locator('#terminal-input').waitFor();
    await p.fill('#terminal-input', 'aws sts get-caller-identity --query Account --output text');
    await p.press('#terminal-input', 'Enter');
    await p.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('could not be loaded'));
    check(fetched.length > 0 && (await p.locator('#launch-form').isVisible()), 'a terminal that cannot be fetched is said, and the page goes on');
    block = false;
    await p.fill('#terminal-input', 'aws sts get-caller-identity --query Arn --output text');
    await p.press('#terminal-input', 'Enter');
    await p.waitForFunction(() => document.querySelector('#scrollback').textContent.includes(':user/'));
    const text = await p.locator('#scrollback').textContent();
    check(/\n?\d{12}[^]*arn:aws:iam::\d{12}:user\//.test(text), 'the next line fetches it again and runs the lines typed meanwhile, in order');
    await ctx.close();
  }

  // The pages besides Instances are a chunk fetched when one opens (src/pages_chunk.rs): a
  // failed fetch is said with a button that tries again.
  {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p = await ctx.newPage();
    let block = true;
    await p.route(/\/split_pages-[0-9a-f]+\.wasm$/, (r) => (block ? r.abort() : r.continue()));
    await p.goto(base);
    await p.locator('#launch-form').waitFor();
    await p.click('#nav-volumes');
    await p.locator('#page-retry').waitFor();
    check((await p.locator('#page-loading').textContent()).includes('could not be loaded'), 'a page whose chunk cannot be fetched says so and offers to try again');
    block = false;
    await p.click('#page-retry');
    await p.locator('#volumes-empty').waitFor();
    check(true, 'trying again fetches the chunk and shows the page');
    await ctx.close();
  }

  // Charts in UTC (the sandbox's clock) or, as CloudWatch offers, in the learner's local time.
  {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: 'Asia/Tokyo' });
    const p = await ctx.newPage();
    await p.goto(base);
    await p.locator('#terminal-input').waitFor();
    await p.fill('#terminal-input', 'aws ec2 create-volume --availability-zone us-east-1a --size 8 --volume-type gp2');
    await p.press('#terminal-input', 'Enter');
    await p.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('"VolumeId"'));
    await p.click('#nav-volumes');
    await p.locator('#volumes-table input.select').first().check();
    await p.locator('#perf-chart').waitFor();
    const utc = await p.locator('#perf-chart .tick.x').allTextContents();
    await p.click('#perf-local-time');
    const local = await p.locator('#perf-chart .tick.x').allTextContents();
    const hour = (t) => Number(t.split(':')[0]);
    check((await p.locator('#perf-chart-units .tz').textContent()).includes('UTC+09:00') && local.length > 0
      && (hour(utc[0]) + 9) % 24 === hour(local[0]), 'a chart switched to local time labels its axis in the learner\'s time zone (Tokyo: UTC+09:00)');
    await ctx.close();
  }

  // The page's view survives a reload (src/view_state.rs): the terminal's lines and history,
  // the speed, the open detail and the full-width terminal. Lines never wrap: a table's rows
  // stay one line each. Ctrl-R finds a line in the history as bash's reverse search does.
  {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p = await ctx.newPage();
    await p.goto(base);
    await p.locator('#launch-form').waitFor();
    await p.fill('#launch-name', 'kept');
    await p.click('#launch-submit');
    await p.waitForSelector('#instances-table');
    await p.fill('#terminal-input', 'aws sts get-caller-identity --output table');
    await p.press('#terminal-input', 'Enter');
    await p.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('GetCallerIdentity'));
    const rows = p.locator('#scrollback .line', { hasText: '123456789012' });
    const oneLine = await p.locator('#scrollback .line').first().evaluate((e) => e.offsetHeight);
    check((await rows.count()) > 0 && (await rows.first().evaluate((e) => e.offsetHeight)) === oneLine,
      'a table row in the terminal stays one line (it scrolls sideways instead of wrapping)');
    await p.click('#speed-600');
    await p.click('#instances-table tbody tr a.instance-link');
    await p.click('#terminal-wide');
    await p.locator('#detail-arn').waitFor();
    const lines = await p.locator('#scrollback .line').allTextContents();
    await p.waitForTimeout(300);
    await p.reload();
    await p.locator('#nav-instances').waitFor();
    await p.locator('#detail-arn').waitFor({ timeout: 5000 });
    check(JSON.stringify(await p.locator('#scrollback .line').allTextContents()) === JSON.stringify(lines), 'after a reload the terminal shows what it showed');
    check((await p.getAttribute('#speed-600', 'class')).includes('active'), 'after a reload the clock keeps its speed');
    check(await p.locator('.app.wide-terminal').count() === 1, 'after a reload the detail is open and the terminal is full width');
    await p.press('#terminal-input', 'ArrowUp');
    check((await p.inputValue('#terminal-input')) === 'aws sts get-caller-identity --output table', 'after a reload the history is back');
    await p.fill('#terminal-input', '');
    await p.press('#terminal-input', 'Control+r');
    await p.keyboard.type('caller');
    check((await p.locator('#terminal-prompt').textContent()).includes("reverse-i-search)`caller': aws sts get-caller-identity"), 'Ctrl-R finds the last line with what is typed');
    const before = (await p.locator('#scrollback').textContent()).split('GetCallerIdentity').length;
    await p.press('#terminal-input', 'Enter');
    await p.waitForFunction((n) => document.querySelector('#scrollback').textContent.split('GetCallerIdentity').length > n, before);
    check(true, 'Enter runs the line Ctrl-R found');
    await ctx.close();
  }

  // Accessibility: axe-core on every page in both languages, an instance's detail, the
  // full-width terminal and the widget; no critical and no serious violation.
  {
    const axeSource = fs.readFileSync(path.join(root, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const p = await ctx.newPage();
    const serious = [];
    const scan = async (where) => {
      await p.evaluate(axeSource);
      const r = await p.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
      for (const v of r.violations.filter((v) => ['critical', 'serious'].includes(v.impact))) {
        serious.push(`${where}: ${v.impact} ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    };
    for (const lang of ['en', 'ja']) {
      await p.goto(`${base}?lang=${lang}`);
      await p.locator('#nav-instances').waitFor();
      if (lang === 'en') {
        await p.fill('#launch-name', 'axe');
        await p.click('#launch-submit');
      }
      for (const tab of ['instances', 'images', 'volumes', 'snapshots', 'key-pairs', 'events', 'cloudwatch', 'sns']) {
        await p.click(`#nav-${tab}`);
        await p.waitForTimeout(100);
        await scan(`${lang} ${tab}`);
      }
      await p.click('#nav-instances');
      await p.click('#instances-table tbody tr a.instance-link');
      await p.click('#terminal-wide');
      await scan(`${lang} instance detail, full-width terminal`);
      await p.click('#terminal-wide');
      await p.goto(`${base}?widget=gp2&lang=${lang}`);
      await p.locator('#gp2-widget').waitFor();
      await scan(`${lang} widget`);
    }
    check(serious.length === 0, `axe-core finds no critical or serious violation on any page (${serious.join('; ')})`);
    await ctx.close();
  }

  // Launch from the form, run the clock at 60x, watch it reach running.
  await page.fill('#launch-name', 'web');
  await page.click('#launch-submit');
  await page.waitForSelector('#instances-table');
  check((await rowState('web').textContent()) === 'pending', 'the launched instance starts pending');
  check((await page.locator('#scrollback').textContent()).includes('$ aws ec2 run-instances'), 'the form echoes its aws command');
  check((await page.inputValue('#launch-name')) === '', 'the launch form clears its Name after a launch');
  await page.click('#speed-60');
  await page.click('#play');
  await page.waitForFunction(() => [...document.querySelectorAll('#instances-table tbody tr')]
    .some((r) => r.textContent.includes('web') && r.querySelector('.state')?.textContent === 'running'), null, { timeout: 15000 });
  check(true, 'at 60x the instance reaches running');
  check(/web \(i-[0-9a-f]+\) is now running/.test(await page.locator('#announcer').textContent()), 'a live region tells screen readers the instance is now running');
  await page.click('#play');
  await shot('running');

  // Stop it from the terminal; the table follows.
  const id = (await page.locator('#instances-table tbody tr', { hasText: 'web' }).first().getAttribute('data-id'));
  await page.fill('#terminal-input', `aws ec2 stop-instances --instance-ids ${id}`);
  await page.press('#terminal-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('"StoppingInstances"'));
  check((await rowState('web').textContent()) === 'stopping', 'the table shows stopping after the terminal command');
  await page.click('#play');
  await page.waitForFunction(() => [...document.querySelectorAll('#instances-table .state')].some((s) => s.textContent === 'stopped'), null, { timeout: 15000 });
  await page.click('#play');
  check(true, 'the table follows to stopped');
  await shot('stopped-from-terminal');

  // --query, help from botocore's models (fetched once the terminal's chunk is here), Tab completion.
  await page.fill('#terminal-input', "aws ec2 describe-instances --query 'Reservations[].Instances[].State.Name' --output text");
  await page.press('#terminal-input', 'Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('#scrollback .line.output')].some((l) => l.textContent.trim() === 'stopping' || l.textContent.trim() === 'stopped'));
  check(true, '--query prints the projected value, as text');
  await page.waitForResponse((r) => r.url().endsWith('models/sns.json'), { timeout: 10000 }).catch(() => {});
  await page.fill('#terminal-input', 'aws ec2 attach-volume help');
  await page.press('#terminal-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('Attaches an Amazon EBS volume to a running or stopped instance'));
  check(true, "help shows the first sentence of botocore's documentation (the models loaded with the terminal)");
  await page.fill('#terminal-input', 'aws ec2 describe-vol');
  await page.press('#terminal-input', 'Tab');
  check((await page.inputValue('#terminal-input')) === 'aws ec2 describe-volumes ', 'Tab completes an operation');
  await page.fill('#terminal-input', `aws ec2 start-instances --instance-ids ${id.slice(0, 4)}`);
  await page.press('#terminal-input', 'Tab');
  check((await page.inputValue('#terminal-input')).endsWith(`${id} `), 'Tab completes the id of an existing instance');
  await page.fill('#terminal-input', 'aws ec2 describe-');
  await page.press('#terminal-input', 'Tab');
  check((await page.locator('#terminal-completions span').count()) > 5, 'Tab lists the candidates when there are several');
  await shot('completions');
  await page.fill('#terminal-input', '');

  // Reload: the same world is back.
  const clockBefore = await page.locator('#clock').textContent();
  await page.waitForTimeout(300);
  await page.reload();
  await page.locator('#instances-table').waitFor();
  check((await rowState('web').textContent()) === 'stopped', 'after a reload the instance is still stopped');
  check((await page.locator('#instances-table tbody tr').first().getAttribute('data-id')) === id, 'after a reload the instance id is the same');
  check((await page.locator('#clock').textContent()) >= clockBefore.slice(0, 16), 'after a reload the clock kept its time');
  // Column preferences: a hidden column stays hidden across a reload.
  const headers = async () => (await page.locator('#instances-table thead').textContent());
  await page.click('#instances-prefs summary');
  await page.uncheck('#col-instances-public_ip');
  check(!(await headers()).includes('Public IPv4') && (await headers()).includes('Private IPv4'), 'a column unticked in Preferences leaves the table');
  await page.reload();
  await page.locator('#instances-table').waitFor();
  check(!(await headers()).includes('Public IPv4'), 'the hidden column stays hidden after a reload');
  await page.click('#instances-prefs summary');
  await page.check('#col-instances-public_ip');
  await page.click('#instances-prefs summary');
  check((await headers()).includes('Public IPv4'), 'ticking it again brings the column back');

  // Japanese.
  await page.click('#lang-ja');
  const body = await page.locator('body').textContent();
  check(body.includes('インスタンスを起動') && body.includes('リージョン') && body.includes('仮想時刻'), 'Japanese labels after switching to 日本語');
  await shot('japanese');
  await page.reload();
  await page.locator('#launch-form').waitFor();
  check((await page.locator('body').textContent()).includes('インスタンスを起動'), 'the language choice survives a reload');
  // The sandbox's own words follow the page's language; AWS's output stays English.
  await page.fill('#terminal-input', 'sim help');
  await page.press('#terminal-input', 'Enter');
  await page.fill('#terminal-input', 'aws ec2 describe-volumes --volume-ids vol-0123456789abcdef0');
  await page.press('#terminal-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('InvalidVolume.NotFound'));
  const jaLog = await page.locator('#scrollback').textContent();
  check(jaLog.includes('仮想時計を進める') && jaLog.includes('An error occurred (InvalidVolume.NotFound) when calling the DescribeVolumes operation'), 'in Japanese, sim help is Japanese and AWS errors stay as AWS prints them');
  await page.click('#lang-en');

  // Markup in a name is text, never HTML.
  await page.evaluate(() => { window.__xss = false; window.alert = () => { window.__xss = true; }; });
  await page.fill('#launch-name', '<img src=x onerror=alert(1)>');
  await page.click('#launch-submit');
  await page.waitForTimeout(300);
  check(await page.evaluate(() => window.__xss === false), 'no script ran from an instance name');
  check((await page.locator('#instances-table img').count()) === 0, 'no <img> element was created from an instance name');
  check((await page.locator('#instances-table').textContent()).includes('<img src=x onerror=alert(1)>'), 'the name is shown literally');
  await page.fill('#terminal-input', `aws ec2 describe-instances --filters 'Name=tag:Name,Values=<script>alert(2)</script>'`);
  await page.press('#terminal-input', 'Enter');
  await page.waitForTimeout(200);
  check(await page.evaluate(() => window.__xss === false) && (await page.locator('#scrollback script').count()) === 0, 'terminal input is shown as text');
  await shot('markup-as-text');

  // Detail view and terminate with confirmation.
  await page.locator('#instances-table a.instance-link').first().click();
  await page.locator('#instance-detail').waitFor();
  check((await page.locator('#instance-detail').textContent()).includes('9001'), 'the detail view shows the MTU');
  {
    const detailId = (await page.locator('#instance-detail h2 code').textContent()).trim();
    const ticked = await page.locator('#instances-table tbody tr:has(input.select:checked)').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    check(ticked.length === 1 && ticked[0] === detailId, 'opening a detail selects its instance alone, so the state buttons act on what the detail shows');
    check(await page.isEnabled('#btn-start') && !(await page.isEnabled('#btn-stop')) && !(await page.isEnabled('#btn-reboot')),
      'for a stopped instance Start is offered, Stop and Reboot are not');
    check(await page.locator('#detail-tab-details[aria-selected="true"]').count() === 1 && await page.isHidden('#detail-panel-monitoring'),
      'the detail opens on its Details tab, the other tabs hidden');
  }
  await shot('detail');
  // The stopped, EBS-backed instance changes type; its ID stays.
  await page.click('#detail-tab-settings');
  await page.selectOption('#resize-type', 'm5.large');
  await page.click('#resize-apply');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('modify-instance-attribute'));
  check((await page.locator('#instance-detail').textContent()).includes('m5.large'), 'a stopped instance changes type from the detail view');
  await page.click('#detail-tab-storage');
  await page.locator('#instance-storage .dot-toggle').first().click();
  check((await page.locator('#scrollback').textContent()).includes('DeleteOnTermination=false'), 'DeleteOnTermination toggles through modify-instance-attribute');
  // Networking and Security read like the console's; Tags adds (create-tags) and removes (delete-tags).
  await page.click('#detail-tab-networking');
  check((await page.locator('#detail-subnet').textContent()).startsWith('subnet-') && (await page.locator('#detail-panel-networking').textContent()).includes('.ec2.internal'),
    'the Networking tab shows the subnet and the private DNS name');
  await page.click('#detail-tab-security');
  check((await page.locator('#detail-security-group').textContent()).includes('sg-'), 'the Security tab shows the security group');
  await page.click('#detail-tab-tags');
  await page.fill('#tag-key', 'team');
  await page.fill('#tag-value', 'blue');
  await page.click('#tag-add');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('$ aws ec2 create-tags --resources i-'));
  check((await page.locator('#resource-tags').textContent()).includes('blue'), 'a tag added in the Tags tab runs create-tags and is listed');
  await page.locator('#resource-tags tr', { hasText: 'team' }).locator('button').click();
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('$ aws ec2 delete-tags --resources i-'));
  check(!(await page.locator('#resource-tags').textContent()).includes('blue'), 'Remove runs delete-tags with the key and value');
  await shot('tags');
  await page.locator('#instances-table input.select').first().check();
  await page.click('#btn-terminate');
  await page.locator('#confirm-terminate').waitFor();
  check(await page.evaluate(() => document.activeElement?.id === 'confirm-cancel'), 'the dialog takes the focus, on Cancel');
  await page.keyboard.press('Escape');
  check((await page.locator('#confirm-terminate').count()) === 0, 'Escape closes the dialog and terminates nothing');
  await page.click('#btn-terminate');
  await page.locator('#confirm-terminate').waitFor();
  await shot('confirm-terminate');
  await page.click('#confirm-terminate-ok');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('"TerminatingInstances"'));
  check(true, 'terminate asks for confirmation, then runs terminate-instances');
  check(!(await page.isEnabled('#btn-start')) && !(await page.isEnabled('#btn-stop')), 'Start and Stop are not offered for an instance being terminated');

  // Key pairs: create one, see it offered once, launch with it; unknown in another Region.
  await page.click('#nav-key-pairs');
  await page.fill('#key-name', 'e2e-key');
  await page.selectOption('#key-type', 'ed25519');
  await page.click('#key-create');
  await page.locator('#new-key').waitFor();
  check((await page.locator('#new-key').textContent()).includes('BEGIN OPENSSH PRIVATE KEY'), 'a new key pair shows its private key once');
  const [pem] = await Promise.all([page.waitForEvent('download'), page.click('#key-download')]);
  check(pem.suggestedFilename() === 'e2e-key.pem', 'the private key downloads as e2e-key.pem');
  await shot('key-pair-created');
  await page.click('#nav-instances');
  await page.selectOption('#launch-key', 'e2e-key');
  await page.fill('#launch-name', 'keyed');
  await page.click('#launch-submit');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('--key-name e2e-key'));
  check(true, 'an instance launches with the new key pair');
  await page.selectOption('#region-select', 'ap-northeast-1');
  await page.click('#nav-key-pairs');
  await page.locator('#key-pairs-empty').waitFor();
  check(true, 'the key pair is not in ap-northeast-1');
  await page.selectOption('#region-select', 'us-east-1');
  await page.click('#nav-instances');

  // Volumes: create one in the zone of the running instance, attach it, see it in use.
  await page.selectOption('#launch-az', 'us-east-1a');
  await page.fill('#launch-name', 'vol-host');
  await page.click('#launch-submit');
  await page.click('#play');
  await page.waitForFunction(() => [...document.querySelectorAll('#instances-table tbody tr')]
    .some((r) => r.textContent.includes('vol-host') && r.querySelector('.state')?.textContent === 'running'), null, { timeout: 15000 });
  await page.click('#play');
  await page.click('#nav-volumes');
  await page.fill('#vol-name', 'e2e-data');
  await page.selectOption('#vol-zone', 'us-east-1a');
  await page.selectOption('#vol-type', 'gp2');
  await page.fill('#vol-size', '20');
  await page.click('#vol-create');
  const volumeRow = page.locator('#volumes-table tbody tr', { hasText: 'e2e-data' });
  for (let i = 0; i < 20 && !(await volumeRow.textContent()).includes('available'); i += 1) {
    await page.click('#next-event');
  }
  await page.locator('#volumes-table tbody tr', { hasText: 'e2e-data' }).locator('input.select').check();
  const host = await page.locator('#attach-instance option', { hasText: 'vol-host' }).getAttribute('value');
  await page.selectOption('#attach-instance', host);
  await page.click('#vol-attach');
  for (let i = 0; i < 20 && !(await volumeRow.textContent()).includes('attached)'); i += 1) {
    await page.click('#next-event');
  }
  await page.waitForFunction(() => [...document.querySelectorAll('#volumes-table tbody tr')]
    .some((r) => r.textContent.includes('e2e-data') && r.textContent.includes('in-use') && r.textContent.includes('attached')));
  check(/aws ec2 attach-volume .*--volume-id vol-/.test(await page.locator('#scrollback').textContent()), 'a volume attaches from the form, echoing attach-volume');
  // The running instance's CPU: a load set from its detail view, and its CPU credits (t3.micro).
  await page.click('#nav-instances');
  await page.locator('#instances-table tbody tr', { hasText: 'vol-host' }).locator('a.instance-link').click();
  await page.click('#detail-tab-monitoring');
  await page.locator('#cpu-form').waitFor();
  await page.fill('#cpu-percent', '100');
  await page.click('#cpu-apply');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('$ sim cpu set --instance-id i-'));
  const cpuText = await page.locator('#cpu-figures').textContent();
  check(cpuText.includes('CPUUtilization: 100.0 %') && cpuText.includes('CPUSurplusCreditBalance'), 'a CPU load set from the detail view shows as CPUUtilization, with the t3.micro\'s credits');
  // STO-04: a t3.micro is EBS-optimized by default, so no other traffic takes from its EBS.
  const net = await page.locator('#net-dedicated').textContent();
  check(net.includes('87 Mbps') && net.includes('2085 Mbps') && (await page.locator('#net-form').count()) === 0,
    'the detail view says a t3.micro has its own EBS bandwidth (87 Mbps sustained, up to 2085), with no traffic form');
  await shot('cpu');
  await page.click('#cpu-clear');
  await page.click('#nav-volumes');
  await page.locator('#volumes-table tbody tr', { hasText: 'e2e-data' }).locator('input.select').check();
  // A 20 GiB gp2 volume: 100 IOPS baseline, bursting to 3,000 until 5.4 M credits are spent
  // (5.4 M / 2,900 = 31 min); the chart shows it.
  await page.locator('#volume-performance').waitFor();
  await page.click('#wl-apply');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('$ sim workload set --volume-id vol-'));
  check((await page.locator('#perf-runs-out').textContent()).includes('31 min'), 'the panel says when burst credits run out (31 min for 20 GiB at 3,000 IOPS)');
  check((await page.locator('#perf-instance').textContent()).includes('11800 IOPS'), "the panel shows the instance's dedicated EBS bandwidth (t3.micro: 11,800 IOPS for 30 minutes)");
  await page.click('#speed-600');
  await page.click('#play');
  await page.waitForFunction(() => !document.querySelector('#perf-balance').textContent.includes('100.0'), null, { timeout: 15000 });
  await page.waitForTimeout(1500);
  await page.click('#play');
  check((await page.locator('#perf-chart polyline.balance').getAttribute('points')).split(' ').length > 10, 'the burst balance is charted as the clock runs');
  await page.hover('#perf-chart', { position: { x: 200, y: 60 } });
  check((await page.locator('#perf-readout').textContent()).includes('%'), 'hovering the chart reads out the balance and IOPS at that time');
  await shot('volumes');
  for (let n = 0; n < 10 && (await page.locator('#perf-ran-out').count()) === 0; n++) {
    await page.click('#next-event');
  }
  check((await page.locator('#perf-ran-out').count()) === 1 && (await page.locator('#perf-delivered').textContent()).includes('100 / 3000'), 'when credits run out the chart marks it and the volume falls to its 100 IOPS baseline');
  await shot('credits-ran-out');
  check((await page.locator('#perf-tp-chart polyline.mibps').getAttribute('points')).split(' ').length > 10, 'the throughput chart follows the delivered MiB/s');
  await page.selectOption('#wl-pattern', 'spikes:1h/5m');
  await page.check('#wl-sequential');
  await page.click('#wl-apply');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('--sequential --pattern spikes:1h/5m'));
  check(true, 'the workload form sets a pattern and sequential I/O, echoing the sim command');
  await page.click('#wl-clear');
  // The same I/O as CloudWatch datapoints.
  await page.click('#nav-cloudwatch');
  await page.locator('#cw-chart').waitFor();
  const burstOption = await page.locator('#cw-metric option', { hasText: 'BurstBalance' }).first().getAttribute('value');
  await page.selectOption('#cw-metric', burstOption);
  await page.selectOption('#cw-period', '60');
  check((await page.locator('#cw-chart polyline').getAttribute('points')).split(' ').length > 3, 'the CloudWatch page charts BurstBalance datapoints');
  check((await page.locator('#cw-chart .tick.x').count()) >= 4 && (await page.locator('#cw-chart .tick.y').count()) === 3
    && (await page.locator('#cw-chart-units .unit').first().textContent()) === 'Percent', 'the chart has time and value axes and says its unit');
  await shot('cloudwatch');
  // SNS: a topic, an email subscription confirmed from the sandbox inbox, a message delivered.
  await page.click('#nav-sns');
  await page.fill('#topic-name', 'ops');
  await page.fill('#topic-display', 'Ops');
  await page.click('#topic-create');
  await page.locator('#topics-table tr[data-name="ops"]').waitFor();
  check((await page.locator('#scrollback').textContent()).includes('aws sns create-topic --name ops'), 'a topic is created from the form, echoing create-topic');
  await page.click('#sub-create');
  await page.waitForFunction(() => document.querySelector('#subscriptions-table')?.textContent.includes('PendingConfirmation'));
  check((await page.locator('#mail-list').textContent()).includes('Subscription Confirmation'), 'subscribing an email sends a confirmation mail to the inbox');
  await page.locator('#mail-list .mail-head').first().click();
  await page.click('#mail-confirm');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('aws sns confirm-subscription --topic-arn arn:aws:sns:us-east-1:123456789012:ops --token '));
  check(!(await page.locator('#subscriptions-table').textContent()).includes('PendingConfirmation'), 'confirming from the mail confirms the subscription');
  await page.fill('#pub-subject', 'Deploy');
  await page.fill('#pub-message', 'Deploy finished.');
  await page.click('#pub-send');
  await page.waitForFunction(() => document.querySelector('#mail-list').textContent.includes('Deploy'));
  await page.locator('#mail-list .mail-head').first().click();
  check((await page.locator('.mail-body pre').textContent()).includes('Deploy finished.'), 'a published message arrives in the inbox of the confirmed subscriber');
  await shot('sns');
  // A BurstBalance alarm from the volume's panel notifies the topic by email.
  await page.click('#nav-volumes');
  await page.locator('#volumes-table tbody tr', { hasText: 'e2e-data' }).locator('input.select').check();
  await page.locator('#burst-alarm-form').waitFor();
  await page.fill('#alarm-threshold', '100');
  await page.click('#alarm-create');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('--alarm-actions arn:aws:sns:us-east-1:123456789012:ops'));
  for (let i = 0; i < 10 && !(await page.locator('#burst-alarm-form').textContent()).includes('ALARM'); i += 1) {
    await page.click('#next-event');
  }
  check((await page.locator('#burst-alarm-form').textContent()).includes('ALARM'), 'the burst-balance alarm goes to ALARM (threshold above the balance)');
  await page.click('#nav-sns');
  check((await page.locator('#mail-list').textContent()).includes('ALARM: "e2e-data-burst-balance-low"'), 'the alarm notification arrives by email in the inbox');
  await shot('alarm-mail');
  await page.click('#nav-volumes');
  await page.locator('#volumes-table tbody tr', { hasText: 'e2e-data' }).locator('input.select').check();

  // Snapshot the volume, watch it complete, restore it into a new volume.
  await page.click('#vol-snapshot');
  await page.click('#nav-snapshots');
  await page.locator('#snapshots-table').waitFor();
  check((await page.locator('#snapshots-table').textContent()).includes('pending'), 'a new snapshot is pending');
  for (let i = 0; i < 20 && !(await page.locator('#snapshots-table').textContent()).includes('completed'); i += 1) {
    await page.click('#next-event');
  }
  await page.waitForFunction(() => document.querySelector('#snapshots-table').textContent.includes('completed'));
  await page.locator('#snapshots-table input.select').first().check();
  await page.selectOption('#restore-zone', 'us-east-1a');
  await page.click('#snap-restore');
  await page.waitForFunction(() => document.querySelector('#scrollback').textContent.includes('--snapshot-id snap-'));
  check(true, 'a snapshot completes and restores into a new volume');
  await page.click('#nav-snapshots');
  await page.locator('#snapshots-table input.select').first().check();
  await page.click('#snap-share');
  await page.waitForFunction(() => document.querySelector('#snapshots-table').textContent.includes('Shared with 111122223333'));
  check((await page.locator('#scrollback').textContent()).includes("--create-volume-permission 'Add=[{UserId=111122223333}]'"), 'sharing a snapshot echoes modify-snapshot-attribute');
  await shot('snapshots');
  await page.selectOption('#account-select', '111122223333');
  await page.waitForFunction(() => document.querySelector('#snapshots-table')?.textContent.includes('123456789012'));
  check(true, 'the partner account sees the shared snapshot');
  await page.selectOption('#account-select', '123456789012');
  await page.locator('#snapshots-table input.select').first().check();
  await page.selectOption('#snap-copy-region', 'us-west-2');
  await page.click('#snap-copy');
  await page.waitForFunction(() => document.querySelector('#snapshots-table')?.textContent.includes('vol-ffffffff'));
  check((await page.locator('#region-select').inputValue()) === 'us-west-2', 'copying a snapshot switches to the destination Region, where the copy is listed');
  await page.selectOption('#region-select', 'us-east-1');
  await page.click('#nav-instances');

  // AMIs: create one from the running instance with the form, copy it to ap-northeast-1,
  // switch there (the copy form does), and launch from it.
  await page.locator('#instances-table tbody tr', { hasText: 'vol-host' }).locator('a.instance-link').click();
  await page.click('#detail-tab-storage');
  await page.locator('#create-image-form').waitFor();
  await page.fill('#image-name', 'e2e-golden');
  await page.click('#image-create');
  await page.click('#nav-images');
  await page.locator('#images-table').waitFor();
  check((await page.locator('#images-table').textContent()).includes('pending'), 'the new AMI is pending');
  for (let i = 0; i < 30 && !(await page.locator('#images-table').textContent()).includes('available'); i += 1) {
    await page.click('#next-event');
  }
  check((await page.locator('#images-table').textContent()).includes('available'), 'the AMI becomes available');
  await page.locator('#images-table tbody tr', { hasText: 'e2e-golden' }).locator('input.select').check();
  await page.selectOption('#copy-region', 'ap-northeast-1');
  await page.click('#ami-copy');
  await page.waitForFunction(() => document.querySelector('#region-select').value === 'ap-northeast-1');
  check(/aws ec2 copy-image .*--source-image-id ami-/.test(await page.locator('#scrollback').textContent()), 'the copy form echoes copy-image');
  for (let i = 0; i < 30 && !(await page.locator('#images-table').textContent()).includes('available'); i += 1) {
    await page.click('#next-event');
  }
  check((await page.locator('#images-table').textContent()).includes('e2e-golden-ap-northeast-1'), 'the copy is listed in ap-northeast-1');
  await shot('ami-copied');
  await page.click('#nav-instances');
  const amiOption = await page.locator('#launch-ami option', { hasText: 'e2e-golden-ap-northeast-1' }).getAttribute('value');
  await page.selectOption('#launch-ami', amiOption);
  await page.fill('#launch-name', 'from-copy');
  await page.click('#launch-submit');
  await page.waitForFunction(() => [...document.querySelectorAll('#instances-table tbody tr')].some((r) => r.textContent.includes('from-copy')));
  check(true, 'an instance launches in ap-northeast-1 from the copied AMI');
  await page.selectOption('#region-select', 'us-east-1');

  // Faults (sandbox only): the host fails, automatic recovery moves the instance; AWS
  // announces a reboot, the learner moves it.
  await page.click('#nav-instances');
  await page.fill('#launch-name', 'faulty');
  await page.click('#launch-submit');
  await page.locator('#instances-table tbody tr', { hasText: 'faulty' }).locator('a.instance-link').click();
  await page.click('#detail-tab-status');
  await page.locator('#fault-box').waitFor();
  for (let n = 0; n < 20 && !(await page.locator('#instance-detail').textContent()).includes('2/2'); n++) {
    await page.click('#next-event');
  }
  await page.click('#fault-hardware');
  check((await page.locator('#instance-detail').textContent()).includes('Impaired'), 'a failed host shows impaired status checks');
  check((await page.locator('#scrollback').textContent()).includes('$ sim fault hardware i-'), 'the fault box echoes its sim command');
  await shot('host-failed');
  for (let n = 0; n < 20 && !(await page.locator('#instance-detail').textContent()).includes('2/2'); n++) {
    await page.click('#next-event');
  }
  check((await page.locator('#instance-detail').textContent()).includes('2/2'), 'automatic recovery brings the checks back');
  check((await page.locator('#recoveries').textContent()).includes('1 of 3'), 'the detail counts the recovery against the daily limit');
  await page.selectOption('#fault-event-code', 'instance-reboot');
  await page.click('#fault-event');
  await page.locator('#events-table').waitFor();
  check((await page.locator('#events-table').textContent()).includes('instance-reboot'), 'an announced event is listed');
  const when = await page.locator('#events-table .reschedule-time').inputValue();
  const later = when.replace(/T(\d\d)/, (_, h) => `T${String((Number(h) + 3) % 24).padStart(2, '0')}`);
  await page.fill('#events-table .reschedule-time', later === when ? when : later);
  await page.click('#events-table .reschedule-submit');
  check((await page.locator('#scrollback').textContent()).includes('$ aws ec2 modify-instance-event-start-time'), 'rescheduling runs modify-instance-event-start-time');
  await page.click('#toggle-auto-recovery');
  check((await page.locator('#auto-recovery').textContent()) === 'disabled', 'automatic recovery can be turned off');
  // With automatic recovery off, a CloudWatch alarm's recover action does the job.
  await page.click('#alarm-create-recover');
  await page.locator('#alarms-table').waitFor();
  check((await page.locator('#scrollback').textContent()).includes('$ aws cloudwatch put-metric-alarm --alarm-name faulty-recover'), 'the recover alarm echoes put-metric-alarm');
  for (let n = 0; n < 10 && !(await page.locator('#alarms-table').textContent()).includes('OK'); n++) {
    await page.click('#next-event');
  }
  check((await page.locator('#alarms-table').textContent()).includes('OK'), 'the alarm turns OK while the checks pass');
  await page.click('#fault-hardware');
  for (let n = 0; n < 10 && !(await page.locator('#alarms-table').textContent()).includes('Successfully executed'); n++) {
    await page.click('#next-event');
  }
  check((await page.locator('#alarms-table').textContent()).includes('Successfully executed action arn:aws:automate:us-east-1:ec2:recover'), 'the alarm fires and recovers the instance');
  await page.click('#fault-capacity');
  check((await page.locator('#fault-capacity').textContent()).includes('Restore'), 'capacity can run out for the type and zone');
  await shot('events');
  await page.click('#nav-events');
  await page.locator('#events-page-table').waitFor();
  check((await page.locator('#events-page-table').textContent()).includes('instance-reboot'), 'the Events page lists the announced event');
  await shot('events-page');
  await page.locator('#events-page-table .instance-link').first().click();
  await page.locator('#instance-detail').waitFor();
  check(true, 'an event opens its instance');

  // The embeddable gp2 explorer: URL parameters in, never the learner's world.
  const savedWorld = await page.evaluate(() => localStorage.getItem('kumo.session'));
  await page.goto(`${base}?widget=gp2&size=20&iops=3000&lang=ja`);
  await page.locator('#gp2-widget').waitFor();
  check((await page.locator('#gp2-widget h1').textContent()).includes('エクスプローラー'), 'the widget speaks Japanese with lang=ja');
  check((await page.locator('#w-duration').textContent()).includes('31分2秒'), 'the widget computes the burst duration, in the units of its language (20 GiB at 3,000 IOPS: 31分2秒)');
  check((await page.locator('#w-chart .tick.x').count()) >= 4 && (await page.locator('#w-chart .tick.right').count()) === 3
    && (await page.locator('#w-chart-units .tz').textContent()).includes('開始から'), "the widget's chart has an elapsed-time axis, IOPS at the left and BurstBalance % at the right");
  await shot('widget');
  await page.fill('#w-size', '1000');
  check((await page.locator('#w-baseline').textContent()) === '3000', 'changing the size recomputes the baseline');
  await page.goto(`${base}?widget=gp2&size=0&profile=2012`);
  await page.locator('#widget-errors').waitFor();
  check((await page.locator('#widget-errors').textContent()).includes('size=0') && (await page.locator('#gp2-widget').isVisible()), 'bad widget parameters give a clear message and the widget still shows');
  await shot('widget-bad-params');
  check((await page.evaluate(() => localStorage.getItem('kumo.session'))) === savedWorld, 'a widget leaves the saved world alone');
  await page.goto(base);
  await page.locator('#launch-form').waitFor();

  // Export the world to a file, reset, import it back: the same world returns.
  const [exported] = await Promise.all([page.waitForEvent('download'), page.click('#export-world')]);
  const worldText = fs.readFileSync(await exported.path(), 'utf8');
  check(worldText.startsWith('{"format":"kumo-session"'), 'the world exports as a file');
  const clockExported = await page.locator('#clock').textContent();
  await page.click('#reset-world');
  await page.locator('#instances-empty').waitFor();
  await page.setInputFiles('#import-file', { name: 'kumo-world.json', mimeType: 'application/json', buffer: Buffer.from(worldText) });
  await page.waitForFunction(() => !document.querySelector('#instances-empty'));
  check((await page.locator('#clock').textContent()) === clockExported, 'importing the exported file brings the same world back');
  await page.setInputFiles('#import-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"something-else"}') });
  await page.locator('#notice').waitFor();
  check((await page.locator('#notice').textContent()).includes('not a Kumo world'), 'a file that is not a world is refused with a clear message, and the world stays');
  await shot('imported');

  // Reset starts a fresh world (after a confirmation, accepted by the dialog handler).
  await page.click('#reset-world');
  await page.locator('#instances-empty').waitFor();
  check((await page.locator('#clock').textContent()).startsWith('2026-04-01 00:00:00'), 'reset starts a fresh world at the epoch');
  await page.reload();
  await page.locator('#instances-empty').waitFor();
  check(true, 'the fresh world is what a reload finds');

  // A refused autosave (storage full) is reported with a download; a later save clears it.
  await page.evaluate(() => {
    window.__setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) { if (k === 'kumo.session') throw new DOMException('full', 'QuotaExceededError'); return window.__setItem.call(this, k, v); };
  });
  await page.fill('#terminal-input', 'sim advance 1m');
  await page.press('#terminal-input', 'Enter');
  await page.locator('#save-failed').waitFor();
  check((await page.locator('#save-failed').textContent()).includes('could not be saved'), 'a refused autosave is reported, with a download');
  await page.evaluate(() => { Storage.prototype.setItem = window.__setItem; });
  await page.fill('#terminal-input', 'sim advance 1m');
  await page.press('#terminal-input', 'Enter');
  await page.waitForFunction(() => !document.querySelector('#save-failed'));
  check(true, 'the report goes once a save succeeds again');

  // Two tabs: a save in one pauses autosave in the other, which says so and offers a choice.
  const tabB = await context.newPage();
  tabB.on('pageerror', (e) => problems.push(`tab B page error: ${e.message}`));
  await tabB.goto(base);
  await tabB.locator('#launch-form').waitFor();
  await page.fill('#terminal-input', "aws ec2 run-instances --image-id {ami:al2023} --instance-type t3.micro --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=tab-a}]'");
  await page.press('#terminal-input', 'Enter');
  await tabB.locator('#other-tab').waitFor();
  check((await tabB.locator('#other-tab').textContent()).includes('another tab'), 'a save in one tab is reported in the other');
  await tabB.screenshot({ path: path.join(artifacts, 'other-tab.png') });
  check(await tabB.evaluate(() => localStorage.getItem('kumo.session').includes('tab-a')), "the other tab did not overwrite the first tab's save");
  await tabB.click('#other-tab-take');
  await tabB.locator('#instances-table tbody tr', { hasText: 'tab-a' }).first().waitFor();
  check(!(await tabB.locator('#other-tab').isVisible()), "the other tab took the first tab's world");
  await tabB.fill('#terminal-input', 'sim advance 1m');
  await tabB.press('#terminal-input', 'Enter');
  await page.locator('#other-tab').waitFor();
  await page.click('#other-tab-keep');
  await tabB.locator('#other-tab').waitFor();
  check(true, "keeping one tab's world saves over the other's, and the other tab is told");
  await tabB.close();
  await page.waitForFunction(() => !document.querySelector('#other-tab'));

  // A broken saved state is reported and kept for download.
  await page.evaluate(() => localStorage.setItem('kumo.session', '{"format":"kumo-session","version":1,"world":'));
  await page.reload();
  await page.locator('#storage-problem').waitFor();
  check((await page.locator('#storage-problem').textContent()).includes('not valid JSON'), 'a broken save shows a clear error');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#storage-download')]);
  const saved = fs.readFileSync(await download.path(), 'utf8');
  check(saved.startsWith('{"format":"kumo-session"'), 'the broken save can be downloaded as it was');
  check(await page.evaluate(() => localStorage.getItem('kumo.session.broken') !== null), 'the broken save is kept in storage');
  await shot('broken-save');

  // The page's policy allows only its own origin, and no inline script but Trunk's loader.
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  check(policy.includes("default-src 'self'") && policy.includes("connect-src 'self'") && !policy.includes('unsafe-inline'),
    'the page has a Content-Security-Policy of its own origin, without unsafe-inline');
  check((await page.evaluate(() => window.__csp)).length === 0, 'the page runs without a CSP violation');
  check(problems.length === 0, `no console errors (${problems.join(' | ')})`);
  // Last, as Chromium reports the blocked script on the console.
  const injected = await page.evaluate(async () => {
    window.__ran = false;
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.append(s);
    await new Promise((ok) => setTimeout(ok, 50));
    return { ran: window.__ran, reported: window.__csp.length };
  });
  check(!injected.ran && injected.reported === 1, 'an injected inline script is blocked by the policy');
  check(outside.length === 0, `no request leaves the page's origin (${outside.join(', ')})`);
  console.log(`e2e passed; screenshots in ${path.relative(root, artifacts)}/`);
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(e.message);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
