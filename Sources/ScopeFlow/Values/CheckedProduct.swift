extension Sequence<Int> {
    /// The product of the elements, or nil when it does not fit an `Int`: how every element count
    /// of a shape (the graph's, a file's, one given to the API) is computed without trapping.
    var checkedProduct: Int? {
        var product = 1
        for factor in self {
            let (next, overflow) = product.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }
}
