describe('login', () => {
  beforeEach(() => {
    cy.intercept('POST', '/api/login').as('login');
    cy.visit('/login');
  });

  it('logs in with valid credentials', () => {
    cy.get('[data-testid=email]').type('ada@example.com');
    cy.get('[data-testid=password]').type('secret');
    cy.get('[data-testid=submit]').click();
    // Look-alike that stays quiet: waiting on an aliased request waits for the condition.
    cy.wait('@login');
    cy.contains('Welcome').should('be.visible');
  });

  it('shows an error for a wrong password', () => {
    cy.get('[data-testid=email]').type('ada@example.com');
    cy.get('[data-testid=password]').type('wrong');
    cy.get('[data-testid=submit]').click();
    // Intended finding: fixed-sleep.
    cy.wait(2000);
    cy.contains('Wrong password').should('be.visible');
  });
});
