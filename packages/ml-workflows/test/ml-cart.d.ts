// ml-cart ships no types; the test uses only this much of it.
declare module "ml-cart" {
  export class DecisionTreeRegression {
    constructor(options?: Record<string, unknown>)
    train(X: Array<Array<number>>, y: Array<number>): void
    predict(X: Array<Array<number>>): Array<number>
  }
}
