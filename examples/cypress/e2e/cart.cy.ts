describe('cart', () => {
  beforeEach(() => {
    cy.visit('/');
  });

  // Intended finding: retry-band-aid (info) — Cypress retries on a single test.
  it('adds the second product', { retries: 2 }, () => {
    // Intended finding: brittle-selector (info) — the second button today, another one tomorrow.
    cy.get('.product .btn:nth-child(2)').click();
    cy.get('[data-cy=cart-count]').should('have.text', '1');
  });

  // Look-alikes that stay quiet: Cypress chains are not promises, test-id selectors, text lookups.
  it('removes a product', () => {
    cy.get('[data-cy=add]').first().click();
    cy.contains('button', 'Remove').click();
    cy.get('[data-cy=cart-count]').should('have.text', '0').then(($count) => {
      expect($count.text()).to.equal('0');
    });
  });
});
