describe('profile', () => {
  beforeEach(() => {
    cy.intercept('PUT', '/api/profile').as('saveProfile');
    cy.visit('/profile');
  });

  it('renames the user', () => {
    // Intended finding: unsafe-chain — `.type()` acts on the element `.clear()` yielded, which may have re-rendered.
    cy.get('[data-cy=display-name]').clear().type('Ada Lovelace');
    // Look-alikes that stay quiet: an assertion chained after the action retries; each action starts its own chain.
    cy.get('[data-cy=save]').click().should('be.disabled');
    cy.wait('@saveProfile');
    cy.get('[data-cy=display-name]').should('have.value', 'Ada Lovelace');
  });

  it('accepts the newsletter', () => {
    // Intended finding: forced-action — checks the hidden input even if the styled label is not there yet.
    cy.get('[data-cy=newsletter] input[type=checkbox]').check({ force: true });
    // Look-alike that stays quiet: the visible label is clicked like a user would.
    cy.get('[data-cy=newsletter] label').click();
    cy.get('[data-cy=newsletter] input[type=checkbox]').should('be.checked');
  });

  it('edits the bio', () => {
    cy.get('[data-cy=bio]').type('Mathematician');
    // Intended finding: debug-leftover (error) — `cy.pause()` waits for someone to press Resume.
    cy.pause();
    cy.get('[data-cy=bio]').should('have.value', 'Mathematician');
  });
});
