// Rapport drives Debian's Chromium (/usr/bin/chromium); puppeteer must not download its own browser.
module.exports = {
  skipDownload: true,
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium',
};
